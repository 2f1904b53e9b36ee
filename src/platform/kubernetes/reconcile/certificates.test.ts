import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { test } from 'node:test';
import type { KubernetesObject, V1Pod, V1Secret } from '@kubernetes/client-node';
import { issueMemberCertificate, LEAF_VALIDITY_DAYS, newCertificateAuthority } from '../../../pki/index.ts';
import { ApiError } from '../client/kube-api.ts';
import { CERTIFICATES, PODS, SECRETS, ZOOKEEPERS } from '../client/resources.ts';
import { CLIENT_TLS_ANNOTATION } from '../render/index.ts';
import { certificateFilesOf } from '../render/tls-secrets.ts';
import type { FakeClock } from '../testing/fake-clock.ts';
import { condition, NS, REF, setup, statusOf } from '../testing/reconcile-fixture.ts';
import type { LiveZooKeeper } from './context.ts';

const TLS = { tls: { client: { enabled: true }, quorum: { enabled: true } } };
const secretOf = (server: ReturnType<typeof setup>['server'], name: string) =>
  server.peek<V1Secret>(SECRETS, { namespace: NS, name });
const leafOf = (secret: V1Secret | undefined) =>
  new X509Certificate(certificateFilesOf(secret)?.certificate ?? assert.fail('no certificate'));
const DAY_MS = 86_400_000;

test("zkop's CA: the first reconcile makes the CA, the members' certificate naming every member and a client certificate; then it writes nothing", async () => {
  const { server, run, create, startPods, ensemble } = setup(TLS);
  await create();
  const first = await run();
  for (const action of [
    'create Secret zk-ca',
    "issue the members' certificate (Secret zk-tls)",
    'issue the client certificate (Secret zk-client-tls)',
  ])
    assert.ok(first.actions.includes(action), first.actions.join(', '));
  const leaf = leafOf(secretOf(server, 'zk-tls'));
  for (const name of [
    'zk-0.demo.svc.cluster.local',
    'zk-2.demo.svc.cluster.local',
    'zk-client.demo.svc.cluster.local',
  ])
    assert.equal(leaf.checkHost(name), name);
  assert.equal(leaf.checkHost('zk-3.demo.svc.cluster.local'), undefined);
  assert.ok(
    leaf.checkIssued(new X509Certificate(certificateFilesOf(secretOf(server, 'zk-client-tls'))?.ca ?? '')),
  );

  await startPods();
  await run();
  const pod = server.peek<V1Pod>(PODS, { namespace: NS, name: 'zk-0' });
  assert.equal(pod?.metadata?.annotations?.[CLIENT_TLS_ANNOTATION], 'true');
  // zkop asks each member the way its pod was started, as the client zkop's CA made.
  assert.deepEqual(ensemble.asked[0], { id: 1, clientTls: true, tls: true });
  const client = certificateFilesOf(secretOf(server, 'zk-client-tls'));
  assert.equal(ensemble.askedWith?.cert, client?.certificate);
  assert.equal(ensemble.askedWith?.ca, client?.ca);
  const idle = await run();
  assert.deepEqual(
    idle.writes.filter((w) => w.kind === 'Secret'),
    [],
    'nothing is issued again while the certificates are good',
  );
  assert.ok(ensemble.asked.length > 0);

  const tls = statusOf(server)?.tls;
  assert.equal(tls?.source, 'zkop');
  const shown = new Map(tls?.certificates.map((c) => [c.certificate, c]));
  assert.deepEqual([...shown.keys()], ['members', 'client', 'ca']);
  const members = shown.get('members');
  assert.equal(members?.secret, 'zk-tls');
  assert.equal(members?.serial, leaf.serialNumber);
  assert.equal(members?.notAfter, new Date(leaf.validTo).toISOString());
  const life = Date.parse(members?.notAfter ?? '') - Date.parse(members?.notBefore ?? '');
  assert.equal(Date.parse(members?.renewsAt ?? ''), Date.parse(members?.notBefore ?? '') + (life * 2) / 3);
  assert.equal(shown.get('ca')?.renewsAt, undefined, 'zkop does not renew its CA');
});

test("a scale-up and a certificate past two thirds of its life both get the members' certificate renewed", async () => {
  const { server, user, run, create, ctx } = setup(TLS);
  await create();
  await run();
  const first = leafOf(secretOf(server, 'zk-tls')).serialNumber;
  const zk = server.peek<LiveZooKeeper>(ZOOKEEPERS, REF);
  await user.apply(ZOOKEEPERS, { ...zk, spec: { ...zk?.spec, replicas: 5 } } as KubernetesObject);
  const scaled = await run();
  assert.ok(
    scaled.actions.includes("renew the members' certificate (Secret zk-tls)"),
    scaled.actions.join(', '),
  );
  const renewed = leafOf(secretOf(server, 'zk-tls'));
  assert.notEqual(renewed.serialNumber, first);
  assert.equal(renewed.checkHost('zk-4.demo.svc.cluster.local'), 'zk-4.demo.svc.cluster.local');

  await (ctx.clock as FakeClock).advance((LEAF_VALIDITY_DAYS * 2 * DAY_MS) / 3 + DAY_MS);
  const due = await run();
  assert.ok(due.actions.includes("renew the members' certificate (Secret zk-tls)"), due.actions.join(', '));
  assert.ok(due.actions.includes('renew the client certificate (Secret zk-client-tls)'));
  assert.ok(!due.actions.includes('create Secret zk-ca'), 'the CA stays');
  const shown = statusOf(server)?.tls?.certificates.find((c) => c.certificate === 'members');
  assert.equal(
    shown?.serial,
    leafOf(secretOf(server, 'zk-tls')).serialNumber,
    'the status shows the renewed one',
  );
  assert.ok(Date.parse(shown?.renewsAt ?? '') > ctx.clock.now());
});

test("the user's Secret: copied once it checks out; a certificate that does not name every member is refused and nothing is copied", async () => {
  const { server, user, run, create, ctx } = setup({
    tls: { quorum: { enabled: true }, secretName: 'mine' },
  });
  await create();
  const missing = await run().catch((e: Error) => e);
  assert.match(String(missing), /Secret demo\/mine \(spec.tls.secretName\) does not exist/);
  assert.equal(condition(statusOf(server), 'Degraded')?.reason, 'CertificateRefused');

  const now = new Date(ctx.clock.now());
  const ca = newCertificateAuthority('mine', now);
  const secret = (dnsNames: string[]) => {
    const pair = issueMemberCertificate({ ensemble: 'mine', ca }, 'zk', { dnsNames, ipAddresses: [] }, now);
    const b64 = (t: string) => Buffer.from(t).toString('base64');
    return {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'mine', namespace: NS },
      data: {
        'tls.crt': b64(pair.certificate),
        'tls.key': b64(pair.privateKey),
        'ca.crt': b64(ca.certificate),
      },
    } as KubernetesObject;
  };
  await user.apply(SECRETS, secret(['zk-0.demo.svc.cluster.local']));
  const narrow = await run().catch((e: Error) => e);
  assert.match(
    String(narrow),
    /cannot serve the members: the certificate does not name zk-1\.demo\.svc\.cluster\.local/,
  );
  assert.equal(secretOf(server, 'zk-tls'), undefined);

  await user.apply(SECRETS, secret(['*.demo.svc.cluster.local']));
  const copied = await run();
  assert.ok(
    copied.actions.some((a) => a.startsWith('copy spec.tls.secretName mine to Secret zk-tls')),
    copied.actions.join(', '),
  );
  assert.equal(secretOf(server, 'zk-ca'), undefined, 'no CA of zkop');
  const tls = statusOf(server)?.tls;
  assert.equal(tls?.source, 'secret');
  assert.deepEqual(
    tls?.certificates.map((c) => [c.certificate, c.secret, c.renewsAt]),
    [
      ['members', 'mine', undefined],
      ['ca', 'mine', undefined],
    ],
  );
  assert.deepEqual(
    (await run()).writes.filter((w) => w.kind === 'Secret'),
    [],
  );
});

test("cert-manager: zkop asks for the members' and a client certificate, copies the issued one once it checks out, and says so when cert-manager is not installed", async () => {
  const { server, user, run, create, ctx } = setup({
    tls: { client: { enabled: true }, issuerRef: { kind: 'ClusterIssuer', name: 'ca' } },
  });
  await create();
  server.failNext(
    'apply',
    new ApiError(404, 'NotFound', 'the server could not find the requested resource'),
    'Certificate',
  );
  const absent = await run().catch((e: Error) => e);
  assert.match(String(absent), /does not serve cert-manager\.io\/v1 Certificates: install cert-manager/);
  assert.equal(condition(statusOf(server), 'Degraded')?.reason, 'CertManagerNotInstalled');

  const asked = await run();
  assert.deepEqual(
    asked.actions.filter((a) => a.startsWith('apply Certificate')),
    ['apply Certificate zk-tls', 'apply Certificate zk-client-tls'],
  );
  const certificate = server.peek<{ spec: { secretName: string; dnsNames: string[] } } & KubernetesObject>(
    CERTIFICATES,
    { namespace: NS, name: 'zk-tls' },
  );
  assert.equal(certificate?.spec.secretName, 'zk-tls-issued');
  assert.ok(certificate?.spec.dnsNames.includes('zk-1.demo.svc.cluster.local'));
  assert.equal(secretOf(server, 'zk-tls'), undefined, 'nothing to copy before cert-manager issued');

  const now = new Date(ctx.clock.now());
  const ca = newCertificateAuthority('issuer', now);
  const pair = issueMemberCertificate(
    { ensemble: 'issuer', ca },
    'zk',
    { dnsNames: certificate?.spec.dnsNames ?? [], ipAddresses: [] },
    now,
  );
  const b64 = (t: string) => Buffer.from(t).toString('base64');
  // What cert-manager writes, labelled as the Certificate's secretTemplate says.
  await user.apply(SECRETS, {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: 'zk-tls-issued',
      namespace: NS,
      labels:
        (certificate?.spec as { secretTemplate?: { labels?: Record<string, string> } } | undefined)
          ?.secretTemplate?.labels ?? {},
    },
    data: {
      'tls.crt': b64(pair.certificate),
      'tls.key': b64(pair.privateKey),
      'ca.crt': b64(ca.certificate),
    },
  } as KubernetesObject);
  const copied = await run();
  assert.ok(
    copied.actions.some((a) => a.includes('to Secret zk-tls')),
    copied.actions.join(', '),
  );
  assert.equal(certificateFilesOf(secretOf(server, 'zk-tls'))?.certificate, pair.certificate);
  const tls = statusOf(server)?.tls;
  assert.equal(tls?.source, 'cert-manager');
  assert.deepEqual(
    tls?.certificates.map((c) => [c.certificate, c.secret, c.serial]),
    [
      ['members', 'zk-tls-issued', new X509Certificate(pair.certificate).serialNumber],
      ['ca', 'zk-tls-issued', new X509Certificate(ca.certificate).serialNumber],
    ],
  );
});
