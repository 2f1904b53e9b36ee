/**
 * TLS on the three-node test cluster with certificates from a running cert-manager (its controllers
 * built from its module by scripts/cert-manager.sh, run on this host against the cluster; its CRDs
 * from the same release): before cert-manager is installed, an ensemble whose spec.tls.issuerRef
 * names an issuer reports CertManagerNotInstalled; once it is, with a CA Issuer, the ensemble becomes
 * Ready from cert-manager's certificates and serves kazoo over TLS through its client Service; a
 * certificate cert-manager issues anew reaches every member without a restart, under a TLS writer.
 * No cert-manager webhook runs: nothing here needs one (zkop writes complete Certificates).
 */
import assert from 'node:assert/strict';
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { newCertificateAuthority } from '../../src/pki/index.ts';
import { kubeconfig, kubectl, kubectlOk, root, waitFor } from '../cluster/cluster.ts';
import { runInCluster } from '../cluster/in-cluster.ts';
import { ensureKazoo, KAZOO_TLS, kazooPython } from '../support/kazoo.ts';
import {
  applyZooKeeper,
  conditionOf,
  deleteNamespace,
  getZooKeeper,
  installOperator,
  SMALL_SPEC,
  testNamespace,
  waitReady,
} from './operator-install.ts';
import { assertRotationReachesEveryMember, clientService, secretFiles } from './tls-probe.ts';

const ISSUER = 'zk-ca';
const ENSEMBLE = {
  ...SMALL_SPEC,
  replicas: 3,
  tls: { client: { enabled: true }, quorum: { enabled: true }, issuerRef: { kind: 'Issuer', name: ISSUER } },
};
const files = mkdtempSync(join(tmpdir(), 'zkop-e2e-cert-manager-'));
const log = (line: string) => process.stderr.write(`${line}\n`);
let ns = '';
let controllerBinary = '';
let controller: ChildProcess | undefined;
let controllerLog = '';
/** The CRDs this file installed (and removes again); empty when cert-manager's were there already. */
let installedCrds: string[] = [];
const ca = newCertificateAuthority('cert-manager-e2e', new Date());

const certManagerServed = () => kubectl(['get', 'crd', 'certificates.cert-manager.io']).code === 0;

before(async () => {
  const started = performance.now();
  controllerBinary = execFileSync('bash', [join(root, 'scripts', 'cert-manager.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    timeout: 2_400_000,
  }).trim();
  log(`cert-manager's controller ready after ${Math.round((performance.now() - started) / 1000)} s`);
  installOperator(['3.9.4']);
  ns = testNamespace('zkop-e2e-cm');
  await ensureKazoo();
});

after(() => {
  if (controller?.pid !== undefined && controller.exitCode === null) controller.kill('SIGTERM');
  if (ns) deleteNamespace(ns);
  for (const crd of installedCrds) kubectl(['delete', 'crd', crd, '--wait=true', '--timeout=120s']);
  if (controllerLog) {
    const tail = readFileSync(controllerLog, 'utf8').split('\n').slice(-40).join('\n');
    log(`cert-manager controller log (last lines):\n${tail}`);
  }
  rmSync(files, { recursive: true, force: true });
});

test('without cert-manager installed, an ensemble with issuerRef reports Degraded CertManagerNotInstalled', async (t) => {
  if (certManagerServed()) {
    t.skip('cert-manager CRDs are already installed on this cluster');
    return;
  }
  applyZooKeeper(ns, 'zk', ENSEMBLE);
  const degraded = await waitFor('Degraded CertManagerNotInstalled', 120_000, async () => {
    const condition = conditionOf(getZooKeeper(ns, 'zk'), 'Degraded');
    return condition?.reason === 'CertManagerNotInstalled' ? condition : undefined;
  });
  assert.match(degraded.message ?? '', /install cert-manager/);
});

test("with cert-manager and a CA Issuer, the ensemble becomes Ready from cert-manager's certificates", async () => {
  if (!certManagerServed()) {
    const crdDir = join(dirname(controllerBinary), 'crds');
    const crds = readdirSync(crdDir).filter((f) => f.endsWith('.yaml'));
    for (const file of crds) kubectlOk(['apply', '--server-side', '-f', join(crdDir, file)]);
    installedCrds = crds.map((f) => f.replace(/\.yaml$/, '').replace(/^([^_]+)_(.+)$/, '$2.$1'));
    kubectlOk([
      'wait',
      '--for=condition=Established',
      '--timeout=60s',
      ...installedCrds.map((c) => `crd/${c}`),
    ]);
  }
  controllerLog = join(files, 'cert-manager.log');
  const out = openSync(controllerLog, 'a');
  controller = spawn(controllerBinary, ['--kubeconfig', kubeconfig, '--cluster-resource-namespace', ns], {
    stdio: ['ignore', out, out],
  });
  kubectlOk(
    ['-n', ns, 'apply', '-f', '-'],
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'List',
      items: [
        {
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: { name: `${ISSUER}-key-pair`, namespace: ns },
          type: 'kubernetes.io/tls',
          stringData: { 'tls.crt': ca.certificate, 'tls.key': ca.privateKey },
        },
        {
          apiVersion: 'cert-manager.io/v1',
          kind: 'Issuer',
          metadata: { name: ISSUER, namespace: ns },
          spec: { ca: { secretName: `${ISSUER}-key-pair` } },
        },
      ],
    }),
  );
  applyZooKeeper(ns, 'zk', ENSEMBLE);
  const started = performance.now();
  const zk = await waitReady(ns, 'zk', 600_000);
  log(`Ready from cert-manager's certificates after ${Math.round((performance.now() - started) / 1000)} s`);
  assert.equal(zk.status?.readyMembers, '3/3');
  assert.equal(conditionOf(zk, 'Degraded')?.status, 'False');
  assert.equal(zk.status?.tls?.source, 'cert-manager');
  // The client certificate is listed once cert-manager has issued it too.
  const shown = await waitFor('the status to list the three certificates', 60_000, () => {
    const certificates = getZooKeeper(ns, 'zk')?.status?.tls?.certificates ?? [];
    return certificates.length === 3 ? certificates : undefined;
  });
  assert.deepEqual(
    shown.map((c) => [c.certificate, c.secret, c.renewsAt]),
    [
      ['members', 'zk-tls-issued', undefined],
      ['client', 'zk-client-tls', undefined],
      ['ca', 'zk-tls-issued', undefined],
    ],
  );
  for (const certificate of ['zk-tls', 'zk-client-tls']) {
    const ready = kubectlOk([
      '-n',
      ns,
      'get',
      'certificate',
      certificate,
      '-o',
      'jsonpath={.status.conditions[?(@.type=="Ready")].status}',
    ]);
    assert.equal(ready, 'True', `Certificate ${certificate} Ready`);
  }
  const data = (secret: string) =>
    (
      JSON.parse(kubectlOk(['-n', ns, 'get', 'secret', secret, '-o', 'json'])) as {
        data: Record<string, string>;
      }
    ).data;
  const members = data('zk-tls');
  const issued = data('zk-tls-issued');
  for (const key of ['tls.crt', 'tls.key', 'ca.crt'])
    assert.equal(members[key], issued[key], `zk-tls ${key}`);
  const caText = (d: Record<string, string>) => Buffer.from(d['ca.crt'] ?? '', 'base64').toString('utf8');
  assert.equal(
    caText(members).trim(),
    ca.certificate.trim(),
    "the members' certificate is from the Issuer's CA",
  );
  const client = data('zk-client-tls');
  assert.equal(caText(client).trim(), ca.certificate.trim(), 'the client certificate is from the Issuer CA');
  const issuedBy = kubectlOk([
    '-n',
    ns,
    'get',
    'secret',
    'zk-client-tls',
    '-o',
    'jsonpath={.metadata.annotations.cert-manager\\.io/certificate-name}',
  ]);
  assert.equal(issuedBy, 'zk-client-tls');
});

test("kazoo with cert-manager's client certificate writes and reads through the client Service", async () => {
  const client = secretFiles(ns, files, 'zk-client-tls');
  const { stdout } = await runInCluster(kazooPython, [
    '-c',
    KAZOO_TLS,
    clientService(ns, 'zk', 2281),
    client.ca,
    client.cert,
    client.key,
    '/kazoo-cert-manager',
  ]);
  assert.equal(stdout.trim(), 'written by kazoo over TLS');
});

test('a certificate cert-manager issues anew reaches every member without a restart, under a TLS writer that never fails', async () => {
  const revision = () =>
    kubectlOk(['-n', ns, 'get', 'certificate', 'zk-tls', '-o', 'jsonpath={.status.revision}']).trim();
  const before = revision();
  // cert-manager issues again at once when the Secret it filled is gone, as it does when one is due.
  await assertRotationReachesEveryMember(ns, 'zk', secretFiles(ns, files, 'zk-client-tls'), '/rotation', () =>
    kubectlOk(['-n', ns, 'delete', 'secret', 'zk-tls-issued']),
  );
  assert.ok(Number(revision()) > Number(before), `Certificate zk-tls revision ${before} -> ${revision()}`);
});
