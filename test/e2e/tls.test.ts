/**
 * TLS on the three-node test cluster, with clients nobody here wrote: an ensemble with client and
 * quorum TLS from zkop's own CA serves kazoo and zkCli (inside the cluster, through the client
 * Service) and nothing plain outside its pods; the operator backs it up over TLS (a snapshot and its
 * znodes) into SeaweedFS; openssl completes a handshake on a member's quorum port only with a member
 * certificate; `zkop ui` reads the members through the API server's pod proxy; a renewed certificate
 * reaches every member without a restart; the user's Secret is used once it checks out and refused
 * (nothing rolled) when it does not; quorum TLS is turned on in a running plain ensemble under a
 * writer by three rolls, then client TLS on (a roll, then plain addresses moved to loopback by
 * reconfig) and off again.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { issueMemberCertificate, newCertificateAuthority } from '../../src/pki/index.ts';
import { ensureDistribution, javaCommand } from '../../src/platform/local/distribution/index.ts';
import { kubernetesSource } from '../../src/ui/kubernetes/kubernetes-source.ts';
import { fourLetter } from '../../src/zk/four-letter.ts';
import { kubeconfig, kubectlOk, waitFor } from '../cluster/cluster.ts';
import { runInCluster, startKazooWriter } from '../cluster/in-cluster.ts';
import { ensureKazoo, KAZOO_TLS, kazooPython } from '../support/kazoo.ts';
import { sClient } from '../support/tls-certs.ts';
import { missingWrites } from '../support/zookeeper-load.ts';
import {
  applyBackupTo,
  backupOf,
  finishedBackup,
  logicalRecords,
  s3Secret,
  startClusterS3,
} from './backup-probe.ts';
import { memberPods, sampleLeaders } from './ensemble-probe.ts';
import {
  applyZooKeeper,
  conditionOf,
  deleteNamespace,
  getZooKeeper,
  installOperator,
  patchSpec,
  SMALL_SPEC,
  testNamespace,
  waitReady,
} from './operator-install.ts';
import {
  assertRotationReachesEveryMember,
  clientService as clientServiceOf,
  secretFiles as secretFilesOf,
} from './tls-probe.ts';

const TLS_ON = { client: { enabled: true }, quorum: { enabled: true } };
const files = mkdtempSync(join(tmpdir(), 'zkop-e2e-tls-'));
const log = (line: string) => process.stderr.write(`${line}\n`);
let ns = '';

before(async () => {
  installOperator(['3.9.4']);
  ns = testNamespace('zkop-e2e-tls');
  await ensureKazoo();
});

after(() => {
  if (ns) deleteNamespace(ns);
  rmSync(files, { recursive: true, force: true });
});

const secretFiles = (secret: string) => secretFilesOf(ns, files, secret);
const clientService = (name: string, port: number) => clientServiceOf(ns, name, port);

test("an ensemble with client and quorum TLS from zkop's CA becomes Ready, each pod started with TLS", async () => {
  applyZooKeeper(ns, 'zk', { ...SMALL_SPEC, replicas: 3, tls: TLS_ON });
  const zk = await waitReady(ns, 'zk', 300_000);
  assert.equal(zk.status?.readyMembers, '3/3');
  const secrets = kubectlOk(['-n', ns, 'get', 'secrets', '-o', 'name']);
  for (const secret of ['zk-ca', 'zk-tls', 'zk-client-tls'])
    assert.match(secrets, new RegExp(`secret/${secret}$`, 'm'));
  assert.equal(zk.status?.tls?.source, 'zkop');
  assert.deepEqual(
    zk.status?.tls?.certificates.map((c) => [c.certificate, c.secret, c.renewsAt !== undefined]),
    [
      ['members', 'zk-tls', true],
      ['client', 'zk-client-tls', true],
      ['ca', 'zk-ca', false],
    ],
  );
  for (const pod of memberPods(ns, 'zk').keys()) {
    const annotations = kubectlOk(['-n', ns, 'get', 'pod', pod, '-o', 'jsonpath={.metadata.annotations}']);
    assert.match(annotations, /"zookeeper.zkop.dev\/quorum-tls":"tls"/, pod);
    assert.match(annotations, /"zookeeper.zkop.dev\/client-tls":"true"/, pod);
  }
});

test('kazoo with the CA and the client certificate writes and reads through the client Service; zkCli (Netty) reads it back', async () => {
  const client = secretFiles('zk-client-tls');
  const { stdout } = await runInCluster(kazooPython, [
    '-c',
    KAZOO_TLS,
    clientService('zk', 2281),
    client.ca,
    client.cert,
    client.key,
    '/kazoo-tls',
  ]);
  assert.equal(stdout.trim(), 'written by kazoo over TLS');
  const { classpath } = await ensureDistribution('3.9.4');
  const zkCli = await runInCluster(javaCommand(), [
    '-Dzookeeper.clientCnxnSocket=org.apache.zookeeper.ClientCnxnSocketNetty',
    '-Dzookeeper.client.secure=true',
    `-Dzookeeper.ssl.keyStore.location=${client.keyStore}`,
    '-Dzookeeper.ssl.keyStore.type=PEM',
    `-Dzookeeper.ssl.trustStore.location=${client.ca}`,
    '-Dzookeeper.ssl.trustStore.type=PEM',
    '-cp',
    classpath.join(':'),
    'org.apache.zookeeper.ZooKeeperMain',
    '-server',
    clientService('zk', 2281),
    'get',
    '/kazoo-tls',
  ]);
  assert.match(zkCli.stdout, /^written by kazoo over TLS$/m);
});

test("ZooKeeperBackups of the TLS ensemble complete: a snapshot from the leader's AdminServer over HTTPS, znodes over TLS holding what kazoo wrote", async () => {
  const bucket = 'zkop-e2e-tls';
  const s3 = await startClusterS3(bucket);
  try {
    s3Secret(ns, 's3', s3.accessKeyId, s3.secretAccessKey);
    const target = { endpoint: s3.endpoint, bucket, prefix: 'zk', secret: 's3' };
    applyBackupTo(ns, 'snapshot', 'zk', 'native', target);
    applyBackupTo(ns, 'znodes', 'zk', 'logical', target);
    // Both finish before any assertion: the server stops at the end.
    const finished = [await finishedBackup(ns, 'snapshot'), await finishedBackup(ns, 'znodes')];
    for (const { status } of finished) {
      log(`${status?.kind}: ${status?.conditions?.[0]?.message}`);
      assert.equal(status?.phase, 'Completed', JSON.stringify(status));
      assert.match(status?.lastZxid ?? '', /^0x[0-9a-f]+$/);
    }
    const records = await logicalRecords(
      s3,
      `s3://${bucket}/zk`,
      backupOf(ns, 'znodes').status?.backupId,
      files,
    );
    const written = records.find((r) => r.path === '/kazoo-tls');
    assert.equal(Buffer.from(written?.data ?? '', 'base64').toString(), 'written by kazoo over TLS');
  } finally {
    await s3.stop();
  }
});

test('nothing plain is reachable from outside a member: not its plain client port, not its secure port, not a Service', async () => {
  for (const pod of memberPods(ns, 'zk').values()) {
    const ip = pod.ip ?? assert.fail(`${pod.name} has no address`);
    await assert.rejects(
      fourLetter(ip, 2181, 'srvr', { timeoutMs: 3_000 }),
      `${pod.name}:2181 answered plain`,
    );
    await assert.rejects(
      fourLetter(ip, 2281, 'srvr', { timeoutMs: 3_000 }),
      `${pod.name}:2281 answered plain`,
    );
  }
  const ports = kubectlOk(['-n', ns, 'get', 'service', 'zk-client', '-o', 'jsonpath={.spec.ports[*].port}']);
  assert.equal(ports.trim(), '2281');
});

test("openssl completes a handshake on a member's election port with the member certificate, and fails without one", async () => {
  const member = secretFiles('zk-tls');
  const ip = [...memberPods(ns, 'zk').values()][0]?.ip ?? assert.fail();
  const withCert = await sClient(`${ip}:3888`, member.ca, member);
  assert.equal(withCert.code, 0, withCert.output);
  assert.match(withCert.output, /Verify return code: 0 \(ok\)/);
  const without = await sClient(`${ip}:3888`, member.ca);
  assert.notEqual(without.code, 0, without.output);
  assert.match(without.output, /alert (bad certificate|certificate required|handshake failure)/);
});

test("zkop ui reads each TLS member's role and zxid (its AdminServer over HTTPS) and its metrics through the API server's pod proxy", async () => {
  const source = await kubernetesSource({ kubeconfig, namespace: ns });
  const zk = (await source.ensembles()).find((e) => e.name === 'zk') ?? assert.fail('zkop ui shows no zk');
  for (const member of zk.members) {
    assert.equal(member.problem, null, `${member.pod}: ${member.problem}`);
    assert.match(member.zxid ?? '', /^0x[0-9a-f]+$/, member.pod);
  }
  assert.equal(zk.members.filter((m) => m.role === 'leader').length, 1);
  const metrics = await source.metrics([zk]);
  for (const member of zk.members) {
    const scraped = metrics.zk?.[String(member.id)];
    assert.equal(scraped?.up, true, `${member.pod}: ${JSON.stringify(scraped)}`);
  }
});

test("a renewed members' certificate reaches every member without a restart, under a TLS writer that never fails", async () => {
  // zkop issues a new certificate at once when its Secret is gone, as it does when one is due.
  await assertRotationReachesEveryMember(ns, 'zk', secretFiles('zk-client-tls'), '/renewal', () =>
    kubectlOk(['-n', ns, 'delete', 'secret', 'zk-tls']),
  );
});

test("the user's Secret: one not naming every member is refused (CertificateRefused, an Event) and nothing rolls; once it does, it is used", async () => {
  const now = new Date();
  const ca = newCertificateAuthority('users-ca', now);
  const secret = (dnsNames: string[]) => {
    const pair = issueMemberCertificate(
      { ensemble: 'users-ca', ca },
      'zk',
      { dnsNames, ipAddresses: [] },
      now,
    );
    kubectlOk(
      ['-n', ns, 'apply', '-f', '-'],
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'users-certs' },
        type: 'kubernetes.io/tls',
        stringData: { 'tls.crt': pair.certificate, 'tls.key': pair.privateKey, 'ca.crt': ca.certificate },
      }),
    );
  };
  const pods = new Map([...memberPods(ns, 'zk').values()].map((p) => [p.name, p.uid]));
  const served = kubectlOk(['-n', ns, 'get', 'secret', 'zk-tls', '-o', 'jsonpath={.data.tls\\.crt}']);
  secret([`zk-0.${ns}.svc.cluster.local`]);
  patchSpec(ns, 'zk', { tls: { ...TLS_ON, secretName: 'users-certs' } });
  const refused = await waitFor('the Secret to be refused', 120_000, async () => {
    const degraded = conditionOf(getZooKeeper(ns, 'zk'), 'Degraded');
    return degraded?.reason === 'CertificateRefused' ? degraded : undefined;
  });
  assert.match(refused?.message ?? '', /does not name zk-1\./);
  const events = kubectlOk([
    '-n',
    ns,
    'get',
    'events',
    '-o',
    'jsonpath={range .items[*]}{.reason}{"\\n"}{end}',
  ]);
  assert.match(events, /^CertificateRefused$/m);
  assert.equal(kubectlOk(['-n', ns, 'get', 'secret', 'zk-tls', '-o', 'jsonpath={.data.tls\\.crt}']), served);
  for (const [name, pod] of memberPods(ns, 'zk')) assert.equal(pod.uid, pods.get(name), `${name} restarted`);

  secret([`*.${ns}.svc.cluster.local`]);
  await waitFor("the user's certificate in zk-tls", 120_000, async () =>
    kubectlOk(['-n', ns, 'get', 'secret', 'zk-tls', '-o', 'jsonpath={.data.ca\\.crt}']) ===
    Buffer.from(ca.certificate).toString('base64')
      ? true
      : undefined,
  );
  const zk = await waitReady(ns, 'zk', 300_000);
  assert.equal(conditionOf(zk, 'Degraded')?.status, 'False');
});

test('quorum TLS turned on in a running plain ensemble under a writer: three rolls, no write lost, no session expired', async () => {
  applyZooKeeper(ns, 'plain', { ...SMALL_SPEC, replicas: 3 });
  await waitReady(ns, 'plain', 300_000);
  const writer = await startKazooWriter(kazooPython, clientService('plain', 2181), '/quorum-tls', 1, 20);
  const leaders = sampleLeaders(ns, 'plain');
  const started = performance.now();
  patchSpec(ns, 'plain', { tls: { quorum: { enabled: true } } });
  await waitReady(ns, 'plain', 900_000);
  const seconds = Math.round((performance.now() - started) / 1000);
  const seen = await leaders.stop();
  const report = await writer.stop();
  for (const pod of memberPods(ns, 'plain').keys()) {
    const stage = kubectlOk([
      '-n',
      ns,
      'get',
      'pod',
      pod,
      '-o',
      'jsonpath={.metadata.annotations.zookeeper\\.zkop\\.dev/quorum-tls}',
    ]);
    assert.equal(stage, 'tls', pod);
  }
  const servers = [...memberPods(ns, 'plain').values()].map((p) => `${p.ip}:2181`).join(',');
  const missing = await missingWrites(servers, '/quorum-tls', report.acknowledged);
  log(
    `quorum TLS on in ${seconds} s; leaders ${seen.join(' -> ')}; writer: ${report.acknowledged.length} acknowledged, longest gap ${report.longestGapMs} ms, ${report.expired} expiries`,
  );
  assert.deepEqual(missing, []);
  assert.equal(report.expired, 0);
  assert.ok(seen.length - 1 <= 3, `at most one leader change per roll: ${seen.join(' -> ')}`);
});

const KAZOO_CONFIG = `
import sys
from kazoo.client import KazooClient
tls = {}
if len(sys.argv) > 2:
    tls = dict(use_ssl=True, ca=sys.argv[2], certfile=sys.argv[3], keyfile=sys.argv[4], verify_certs=True)
zk = KazooClient(hosts=sys.argv[1], **tls)
zk.start(timeout=30)
print(zk.get("/zookeeper/config")[0].decode())
zk.stop()
`;

test("client TLS turned on in a running ensemble: one roll, each member's plain address moved to loopback by reconfig, no container restarted; turned off, back to every interface", async () => {
  const serverLines = (config: string) => config.match(/^server\.\d+=.*$/gm) ?? [];
  const plainAnswers = async () =>
    Promise.all(
      [...memberPods(ns, 'plain').values()].map((p) =>
        fourLetter(p.ip ?? '', 2181, 'srvr', { timeoutMs: 3_000 }).then(
          () => true,
          () => false,
        ),
      ),
    );

  // A member asked to bind another plain address while it runs loses its plain port and is restarted
  // by its liveness probe: no container may restart.
  const restarts = () =>
    kubectlOk([
      '-n',
      ns,
      'get',
      'pods',
      '-l',
      'app.kubernetes.io/instance=plain,app.kubernetes.io/component=server',
      '-o',
      'jsonpath={range .items[*]}{.status.containerStatuses[?(@.name=="zookeeper")].restartCount}{" "}{end}',
    ]).trim();

  patchSpec(ns, 'plain', { tls: { quorum: { enabled: true }, client: { enabled: true } } });
  await waitReady(ns, 'plain', 900_000);
  assert.equal(restarts(), '0 0 0');
  const client = secretFiles('plain-client-tls');
  const on = await runInCluster(kazooPython, [
    '-c',
    KAZOO_CONFIG,
    clientService('plain', 2281),
    client.ca,
    client.cert,
    client.key,
  ]);
  assert.equal(serverLines(on.stdout).length, 3, on.stdout);
  for (const line of serverLines(on.stdout)) assert.match(line, /;127\.0\.0\.1:2181$/);
  assert.deepEqual(await plainAnswers(), [false, false, false]);

  patchSpec(ns, 'plain', { tls: { quorum: { enabled: true }, client: { enabled: false } } });
  await waitReady(ns, 'plain', 900_000);
  assert.equal(restarts(), '0 0 0');
  const off = await runInCluster(kazooPython, ['-c', KAZOO_CONFIG, clientService('plain', 2181)]);
  assert.equal(serverLines(off.stdout).length, 3, off.stdout);
  for (const line of serverLines(off.stdout)) assert.match(line, /;0\.0\.0\.0:2181$/);
  assert.deepEqual(await plainAnswers(), [true, true, true]);
});
