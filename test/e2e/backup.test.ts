/**
 * ZooKeeperBackup on the three-node test cluster: kazoo (a client nobody here wrote) writes znodes with
 * binary data, ACLs and a deep chain into a 3.9.4 ensemble; the operator takes a native snapshot and a
 * logical backup into a real S3-compatible server (SeaweedFS, built from its Go module, on the machine's
 * address on the node network, which pods reach); both end Completed with their status filled in,
 * `zkop backup list` lists them as they are, and the logical one holds every znode kazoo reads back,
 * byte for byte with its ACL. A backup with wrong credentials ends Failed with the store's reason and
 * a Warning Event (StoreAccessDenied: the bucket check's 403 cannot tell credentials from permission),
 * and nothing more is listed. A ZooKeeperBackupSchedule made at the start makes a
 * backup every minute meanwhile and, keeping one, retires the first (object and data) once a later one
 * is complete.
 */
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import type { BackupManifest } from '../../src/backup/manifest.ts';
import { kubectlOk, root, waitFor } from '../cluster/cluster.ts';
import { ensureKazoo, kazooPython } from '../support/kazoo.ts';
import type { S3Server } from '../support/s3-server.ts';
import {
  applyBackupTo,
  type BackupView,
  backupOf,
  finishedBackup,
  logicalRecords,
  s3Secret,
  startClusterS3,
} from './backup-probe.ts';
import {
  activeOperatorPod,
  applyZooKeeper,
  deleteNamespace,
  getZooKeeper,
  installOperator,
  OPERATOR_NAMESPACE,
  podAddress,
  SMALL_SPEC,
  testNamespace,
  waitReady,
} from './operator-install.ts';

const run = promisify(execFile);
const started = performance.now();
const log = (line: string) => process.stderr.write(`${line}\n`);
const BUCKET = 'zkop-e2e';
const PREFIX = 'backups';
const TARGET = `s3://${BUCKET}/${PREFIX}`;
const COUNT = 300;
const tree = join(root, 'test', 'support', 'kazoo-tree.py');
const scratch = mkdtempSync(join(tmpdir(), 'zkop-e2e-backup-'));
let ns = '';
let s3: S3Server;

before(async () => {
  installOperator(['3.9.4']);
  ns = testNamespace('zkop-e2e-backup');
  await ensureKazoo();
  s3 = await startClusterS3(BUCKET);
  s3Secret(ns, 's3', s3.accessKeyId, s3.secretAccessKey);
  s3Secret(ns, 's3-wrong', s3.accessKeyId, 'not-the-secret');
});

after(async () => {
  if (ns) {
    // What the operator made of the backups and the schedule, for a failure's reader.
    log(kubectlOk(['-n', ns, 'get', 'zookeeperbackups,zookeeperbackupschedules', '-o', 'wide']));
    for (const line of kubectlOk([
      '-n',
      ns,
      'get',
      'events',
      '-o',
      'custom-columns=OBJ:.involvedObject.name,REASON:.reason,MSG:.message',
    ]).split('\n'))
      if (/Backup|Schedule|Retention|Store|Interrupted|Started|Completed/.test(line)) log(line);
    const operatorLog = kubectlOk(['-n', OPERATOR_NAMESPACE, 'logs', activeOperatorPod(), '--tail=2000']);
    for (const line of operatorLog.split('\n')) if (/backup|schedule/i.test(line)) log(line.slice(0, 400));
  }
  if (ns) deleteNamespace(ns);
  await s3?.stop();
  rmSync(scratch, { recursive: true, force: true });
  log(`backup.test.ts took ${((performance.now() - started) / 1000).toFixed(0)} s`);
});

function applySchedule(): void {
  const manifest = {
    apiVersion: 'zookeeper.zkop.dev/v1alpha1',
    kind: 'ZooKeeperBackupSchedule',
    metadata: { name: 'every-minute', namespace: ns },
    spec: {
      ensemble: 'zk',
      schedule: '* * * * *',
      kind: 'logical',
      s3: {
        endpoint: s3.endpoint,
        bucket: BUCKET,
        prefix: 'scheduled',
        credentialsSecretRef: { name: 's3' },
      },
      retention: { keep: 1 },
    },
  };
  kubectlOk(['apply', '--server-side', '--field-manager=e2e', '-f', '-'], JSON.stringify(manifest));
}

function applyBackup(name: string, kind: string | undefined, credentials: string): void {
  applyBackupTo(ns, name, 'zk', kind, {
    endpoint: s3.endpoint,
    bucket: BUCKET,
    prefix: PREFIX,
    secret: credentials,
  });
}

const backupEvents = (name: string) =>
  (
    JSON.parse(kubectlOk(['-n', ns, 'get', 'events', '-o', 'json'])) as {
      items: {
        type: string;
        reason: string;
        message?: string;
        involvedObject: { kind: string; name: string };
      }[];
    }
  ).items.filter((e) => e.involvedObject.kind === 'ZooKeeperBackup' && e.involvedObject.name === name);

function zkopList(target = TARGET): BackupManifest[] {
  const result = spawnSync(join(root, 'bin', 'zkop'), ['backup', 'list', '--from', target, '-o', 'json'], {
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, ...s3.env },
  });
  assert.equal(result.status, 0, result.stderr);
  return (JSON.parse(result.stdout) as { complete: BackupManifest[] }).complete;
}

async function kazoo(...args: string[]): Promise<string> {
  const { stdout } = await run(kazooPython, [tree, ...args], {
    timeout: 300_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}

/** Python's order of `[perms, scheme, id]` lists, as kazoo-tree.py sorts them. */
const byAclEntry = (a: (string | number)[], b: (string | number)[]): number => {
  for (let i = 0; i < a.length; i++) {
    const [x = '', y = ''] = [a[i], b[i]];
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
};

const superAuth = (ensemble = 'zk') =>
  `super:${Buffer.from(
    kubectlOk(['-n', ns, 'get', 'secret', `${ensemble}-super`, '-o', 'jsonpath={.data.password}']),
    'base64',
  ).toString('utf8')}`;

test('a native and a logical ZooKeeperBackup complete, with their status, and zkop backup list shows them', async () => {
  applyZooKeeper(ns, 'zk', { ...SMALL_SPEC, replicas: 1 });
  await waitReady(ns, 'zk', 300_000);
  const server = `${podAddress(ns, 'zk-0')}:2181`;
  await kazoo('write', server, '/data', String(COUNT), '7');
  applySchedule();
  applyBackup('snapshot', 'native', 's3');
  applyBackup('znodes', 'logical', 's3');
  const snapshot = await finishedBackup(ns, 'snapshot');
  const logical = await finishedBackup(ns, 'znodes');
  for (const [view, kind] of [
    [snapshot, 'native'],
    [logical, 'logical'],
  ] as const) {
    const status = view.status ?? {};
    assert.equal(status.phase, 'Completed', JSON.stringify(status));
    assert.equal(status.kind, kind);
    assert.match(status.backupId ?? '', new RegExp(`^\\d{8}T\\d{9}Z-${kind}$`));
    assert.equal(status.targetUrl, TARGET);
    assert.match(status.lastZxid ?? '', /^0x[0-9a-f]+$/);
    assert.ok((status.size ?? 0) > 0);
    assert.match(status.sha256 ?? '', /^[0-9a-f]{64}$/);
    assert.ok(status.startTime && status.duration);
    const ready = status.conditions?.find((c) => c.type === 'Ready');
    assert.deepEqual([ready?.status, ready?.reason], ['True', 'Completed']);
  }
  assert.ok((logical.status?.znodes ?? 0) > COUNT);
  const listed = zkopList();
  for (const view of [snapshot, logical]) {
    const manifest = listed.find((m) => m.id === view.status?.backupId);
    assert.ok(manifest, `${view.status?.backupId} is not listed: ${JSON.stringify(listed)}`);
    assert.deepEqual(
      [manifest.size, manifest.sha256, manifest.lastZxid, manifest.ensemble],
      [view.status?.size, view.status?.sha256, view.status?.lastZxid, 'zk'],
    );
  }
  const columns = kubectlOk(['-n', ns, 'get', 'zookeeperbackups']);
  log(columns);
  assert.match(columns, /^NAME\s+PHASE\s+ENSEMBLE\s+ID\s+SIZE\s+AGE/);
  assert.match(
    columns,
    new RegExp(`snapshot\\s+Completed\\s+zk\\s+${snapshot.status?.backupId}\\s+${snapshot.status?.size}`),
  );
  const reasons = backupEvents('znodes').map((e) => `${e.type} ${e.reason}`);
  assert.deepEqual(reasons.sort(), ['Normal Completed', 'Normal Started']);
});

test('the logical backup holds every znode kazoo reads from the ensemble, byte for byte with its ACL', async () => {
  const id = backupOf(ns, 'znodes').status?.backupId;
  const records = (await logicalRecords(s3, TARGET, id, scratch))
    .filter((r) => r.path === '/data' || r.path.startsWith('/data/'))
    .map((r) => ({
      path: r.path,
      data: Buffer.from(r.data, 'base64').toString('hex'),
      acl: r.acl.map((a) => [a.perms, a.scheme, a.id]).sort(byAclEntry),
    }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const read = (await kazoo('dump', `${podAddress(ns, 'zk-0')}:2181`, '/data', superAuth()))
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as unknown);
  assert.equal(records.length, COUNT + 1);
  assert.deepEqual(records, read);
});

test('a new ensemble started from the snapshot (spec.bootstrap) serves every znode kazoo reads from the first, on every member', async () => {
  const id = backupOf(ns, 'snapshot').status?.backupId;
  assert.ok(id);
  applyZooKeeper(ns, 'restored', {
    ...SMALL_SPEC,
    replicas: 3,
    bootstrap: {
      backup: {
        s3: { endpoint: s3.endpoint, bucket: BUCKET, prefix: PREFIX, credentialsSecretRef: { name: 's3' } },
        backupId: id,
      },
    },
  });
  const restored = await waitReady(ns, 'restored', 300_000);
  const source = await kazoo('dump', `${podAddress(ns, 'zk-0')}:2181`, '/data', superAuth());
  for (const pod of ['restored-0', 'restored-1', 'restored-2']) {
    const dump = await kazoo('dump', `${podAddress(ns, pod)}:2181`, '/data', superAuth('restored'));
    assert.equal(dump, source, `${pod} does not serve the backup's znodes`);
  }
  const bootstrap = (restored.status as { bootstrap?: { backupId?: string; restored?: boolean } }).bootstrap;
  await waitFor(
    'the bootstrap record to say restored and the init container to leave the pod template',
    60_000,
    () => {
      const zk = getZooKeeper(ns, 'restored') as { status?: { bootstrap?: { restored?: boolean } } };
      const initContainers = kubectlOk([
        '-n',
        ns,
        'get',
        'statefulset',
        'restored',
        '-o',
        'jsonpath={.spec.template.spec.initContainers[*].name}',
      ]);
      return zk.status?.bootstrap?.restored === true && !initContainers.split(' ').includes('bootstrap')
        ? true
        : undefined;
    },
    1000,
  );
  assert.equal(bootstrap?.backupId, id);
});

test('a backup with wrong credentials ends Failed with the store’s reason and a Warning Event; nothing more is listed', async () => {
  const before = zkopList().map((m) => m.id);
  applyBackup('wrong', undefined, 's3-wrong');
  const view = await finishedBackup(ns, 'wrong');
  assert.equal(view.status?.phase, 'Failed');
  const failed = view.status?.conditions?.find((c) => c.type === 'Failed');
  log(`wrong credentials: ${failed?.reason}: ${failed?.message}`);
  assert.equal(failed?.status, 'True');
  // The store checks the bucket with HEAD, whose 403 has no body: refused credentials and a missing
  // permission look the same there (s3-store.ts), and the message says both.
  assert.equal(failed?.reason, 'StoreAccessDenied');
  assert.match(failed?.message ?? '', /^denied: .*the credentials were refused or may not use this bucket/);
  const warning = backupEvents('wrong').find((e) => e.type === 'Warning');
  assert.equal(warning?.reason, 'StoreAccessDenied');
  assert.deepEqual(
    zkopList().map((m) => m.id),
    before,
  );
});

test('the schedule made a backup each minute and, keeping one, retired the first from the store and the cluster', async () => {
  const first = await waitFor(
    'the schedule’s first backup to complete',
    180_000,
    () => {
      const name = (
        JSON.parse(kubectlOk(['-n', ns, 'get', 'zookeeperbackupschedule', 'every-minute', '-o', 'json'])) as {
          status?: { lastBackup?: string };
        }
      ).status?.lastBackup;
      const status = name ? backupOf(ns, name).status : undefined;
      return name && status?.phase === 'Completed' ? { name, id: status.backupId ?? '' } : undefined;
    },
    2000,
  );
  await waitFor(
    `the first scheduled backup ${first.name} to be retired`,
    180_000,
    () =>
      kubectlOk(['-n', ns, 'get', 'zookeeperbackups', '-o', 'name'])
        .split('\n')
        .some((line) => line.endsWith(`/${first.name}`))
        ? undefined
        : true,
    2000,
  );
  // A later backup may complete between two looks, before the schedule retires the one before it.
  let listed: string[] = [];
  await waitFor(
    'the store to hold one scheduled backup',
    120_000,
    () => {
      listed = zkopList(`s3://${BUCKET}/scheduled`).map((m) => m.id);
      return listed.length === 1 ? true : undefined;
    },
    2000,
  );
  assert.ok(!listed.includes(first.id), `${first.id} is still listed`);
  const kept = (
    JSON.parse(
      kubectlOk([
        '-n',
        ns,
        'get',
        'zookeeperbackups',
        '-l',
        'zookeeper.zkop.dev/backup-schedule=every-minute',
        '-o',
        'json',
      ]),
    ) as { items: BackupView[] }
  ).items.map((b) => b.status?.backupId);
  assert.ok(kept.includes(listed[0]), `${listed[0]} has no ZooKeeperBackup: ${kept.join(' ')}`);
});
