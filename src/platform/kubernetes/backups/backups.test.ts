import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubernetesObject, V1Pod, V1Secret } from '@kubernetes/client-node';
import { BACKUP_KIND, type ZooKeeperBackupStatus } from '../../../api/backup.ts';
import { API_VERSION, type ZooKeeperSpec } from '../../../api/spec.ts';
import { type BackupStore, StoreError } from '../../../backup-store/store.ts';
import type { TlsOptions } from '../../../zk/tls-options.ts';
import { BACKUPS, SECRETS } from '../client/resources.ts';
import type { EnsembleAccess, MemberReach } from '../reconcile/ensemble-access.ts';
import { certificateFilesOf } from '../render/tls-secrets.ts';
import { ObjectCache } from '../runtime/object-cache.ts';
import { NS, setup } from '../testing/reconcile-fixture.ts';
import { chooseKind, formatDuration, s3SettingsOf, targetUrlOf } from './backup-plan.ts';
import { backupSource } from './backup-source.ts';
import { backupStatus } from './backup-status.ts';
import type { LiveBackup } from './live-backup.ts';
import { type BackupContext, reconcileBackup, WAIT_MS } from './take-backup.ts';

const TLS = { tls: { client: { enabled: true }, quorum: { enabled: true } } };
const S3 = {
  endpoint: 'http://10.0.0.1:8333/',
  bucket: 'zk-backups',
  prefix: 'team-a',
  region: 'eu-west-1',
  credentialsSecretRef: { name: 's3', accessKeyIdKey: 'id', secretAccessKeyKey: 'key' },
};

describe('what a backup takes and where it goes', () => {
  it('takes a snapshot where the version offers one, else a logical backup; refuses native on 3.8', () => {
    assert.deepEqual(chooseKind(undefined, '3.9.4'), { kind: 'native' });
    assert.deepEqual(chooseKind(undefined, '3.8.4'), { kind: 'logical' });
    assert.deepEqual(chooseKind('logical', '3.9.4'), { kind: 'logical' });
    const refused = chooseKind('native', '3.8.4');
    assert.ok('refused' in refused);
    assert.match(refused.refused, /^spec\.kind: .* 3\.8\.4, whose AdminServer has no snapshot command/);
  });

  it('reaches the endpoint with the Secret’s credentials, addressing the bucket in the path by default', () => {
    const credentials = { accessKeyId: 'a', secretAccessKey: 'b' };
    assert.deepEqual(s3SettingsOf(S3, credentials), {
      region: 'eu-west-1',
      credentials,
      endpoint: 'http://10.0.0.1:8333',
    });
    assert.equal(s3SettingsOf({ ...S3, forcePathStyle: false }, credentials).forcePathStyle, false);
    assert.equal(targetUrlOf(S3), 's3://zk-backups/team-a');
    assert.equal(targetUrlOf({ ...S3, prefix: undefined }), 's3://zk-backups');
    assert.deepEqual([formatDuration(4230), formatDuration(95_400)], ['4.2s', '95s']);
  });
});

const live = (status?: ZooKeeperBackupStatus, spec: Record<string, unknown> = {}): LiveBackup =>
  ({
    apiVersion: API_VERSION,
    kind: BACKUP_KIND,
    metadata: { name: 'b1', namespace: NS, uid: 'u1', generation: 1 },
    spec: { ensemble: 'zk', s3: S3, ...spec },
    ...(status ? { status } : {}),
  }) as LiveBackup;

describe('a backup’s status', () => {
  it('keeps what was known, and a condition’s transition time while its status stays', () => {
    const running = backupStatus(
      live(),
      {
        phase: 'Running',
        reason: 'Started',
        message: 'm',
        details: { backupId: undefined, targetUrl: 's3://b' },
      },
      '2026-01-01T00:00:00Z',
    );
    const done = backupStatus(
      live(running),
      { phase: 'Completed', reason: 'Completed', message: 'done', details: { size: 5 } },
      '2026-01-01T00:01:00Z',
    );
    assert.equal(done.targetUrl, 's3://b');
    assert.equal(done.size, 5);
    const [ready, failed] = done.conditions ?? [];
    assert.deepEqual(
      [ready?.type, ready?.status, ready?.lastTransitionTime],
      ['Ready', 'True', '2026-01-01T00:01:00Z'],
    );
    assert.deepEqual(
      [failed?.type, failed?.status, failed?.lastTransitionTime],
      ['Failed', 'False', '2026-01-01T00:00:00Z'],
    );
  });
});

/** The reconcile fixture with a running 3.9.4 ensemble `zk` (with `spec`), the backup cache and a store. */
async function backupFixture(openStore?: BackupContext['openStore'], spec: Partial<ZooKeeperSpec> = {}) {
  const fixture = setup(spec);
  const backups = new ObjectCache<LiveBackup>();
  const ctx: BackupContext = {
    ...fixture.ctx,
    backups,
    started: new Set(),
    ...(openStore ? { openStore } : {}),
  };
  const apply = async (object: LiveBackup) => {
    await fixture.user.create(BACKUPS, object as KubernetesObject);
    backups.replace((await fixture.ctx.api.list<LiveBackup>(BACKUPS)).items);
  };
  const reconcile = async () => {
    await fixture.run();
    backups.replace((await fixture.ctx.api.list<LiveBackup>(BACKUPS)).items);
    const outcome = await reconcileBackup(ctx, `${NS}/b1`);
    backups.replace((await fixture.ctx.api.list<LiveBackup>(BACKUPS)).items);
    return outcome;
  };
  const status = () => backups.get(`${NS}/b1`)?.status;
  const secret = (data: Record<string, string>) =>
    fixture.user.create(SECRETS, {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's3', namespace: NS },
      data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
    } as V1Secret);
  return { ...fixture, ctx, apply, reconcile, status, secret };
}

const reasonOf = (status: ZooKeeperBackupStatus | undefined, type = 'Ready') =>
  status?.conditions?.find((c) => c.type === type)?.reason;

describe('a ZooKeeperBackup on Kubernetes', () => {
  it('waits, Pending with a condition and an Event, for its ensemble and its Secret; nothing throws', async () => {
    const f = await backupFixture();
    await f.apply(live());
    assert.deepEqual(await f.reconcile(), { actions: [], requeueAfterMs: WAIT_MS });
    assert.equal(f.status()?.phase, 'Pending');
    assert.equal(reasonOf(f.status()), 'EnsembleNotFound');
    assert.match(
      f.events.notes.at(-1)?.note ?? '',
      /^spec\.ensemble: there is no ZooKeeper zk in namespace demo/,
    );
    await f.create();
    await f.run();
    await f.startPods();
    await f.reconcile();
    assert.equal(reasonOf(f.status()), 'SecretNotFound');
    assert.match(
      f.events.notes.at(-1)?.note ?? '',
      /^spec\.s3\.credentialsSecretRef\.name: there is no Secret s3/,
    );
    await f.secret({ id: 'a' });
    await f.reconcile();
    assert.equal(reasonOf(f.status()), 'SecretKeyMissing');
    assert.match(f.status()?.conditions?.[0]?.message ?? '', /Secret s3 has no key$/);
  });

  it('fails with the store’s reason and an Event when the store refuses the credentials, and is never taken again', async () => {
    let opened = 0;
    const f = await backupFixture(async () => {
      opened += 1;
      throw new StoreError(
        'credentials',
        'checking s3://zk-backups/team-a: the credentials were refused (InvalidAccessKeyId)',
      );
    });
    await f.apply(live(undefined, { kind: 'logical' }));
    await f.create();
    await f.run();
    await f.startPods();
    await f.secret({ id: 'a', key: 'b' });
    assert.deepEqual(await f.reconcile(), { actions: ['fail ZooKeeperBackup demo/b1'] });
    const status = f.status();
    assert.equal(status?.phase, 'Failed');
    assert.equal(status?.kind, 'logical');
    assert.equal(status?.targetUrl, 's3://zk-backups/team-a');
    assert.equal(reasonOf(status, 'Failed'), 'StoreCredentialsRefused');
    assert.deepEqual(
      f.events.notes.filter((e) => e.action === 'Backup').map((e) => [e.type, e.reason]),
      [
        ['Normal', 'Started'],
        ['Warning', 'StoreCredentialsRefused'],
      ],
    );
    assert.match(f.events.notes.at(-1)?.note ?? '', /^credentials: checking .* refused/);
    await f.reconcile();
    f.ctx.started.clear();
    await f.reconcile();
    assert.equal(opened, 1);
  });

  it('fails a backup found Running that this operator did not start, saying it was interrupted', async () => {
    const f = await backupFixture();
    await f.apply(live({ phase: 'Running', startTime: '2026-01-01T00:00:00Z' }));
    await f.reconcile();
    assert.equal(f.status()?.phase, 'Failed');
    assert.equal(reasonOf(f.status(), 'Failed'), 'Interrupted');
    assert.match(
      f.status()?.conditions?.[0]?.message ?? '',
      /zkop stopped while this backup ran .* never listed/,
    );
  });

  it('backs up an ensemble with TLS through its secure client port with zkop’s client certificate', async () => {
    // The session fails before anything is written: the store is never used.
    const f = await backupFixture(async () => ({}) as BackupStore, TLS);
    await f.apply(live(undefined, { kind: 'logical' }));
    await f.create();
    await f.run();
    await f.startPods();
    await f.secret({ id: 'a', key: 'b' });
    let used: { serving: readonly MemberReach[]; client: TlsOptions | undefined } | undefined;
    const access: EnsembleAccess = f.ensemble;
    access.asSuperUser = async (_zk, serving, _work, client) => {
      used = { serving, client };
      throw new Error('the session was closed');
    };
    await f.reconcile();
    const client = certificateFilesOf(
      f.server.peek<V1Secret>(SECRETS, { namespace: NS, name: 'zk-client-tls' }),
    );
    assert.ok(client);
    assert.equal(f.ensemble.askedWith?.cert, client.certificate);
    assert.deepEqual([used?.client?.cert, used?.client?.ca], [client.certificate, client.ca]);
    assert.ok(used?.serving.length && used.serving.every((m) => m.clientTls), JSON.stringify(used?.serving));
    assert.equal(reasonOf(f.status(), 'Failed'), 'BackupFailed');
  });

  it('takes the snapshot of a TLS leader over HTTPS at its pod address, checking the name its certificate has', async () => {
    const f = await backupFixture(undefined, TLS);
    await f.apply(live(undefined, { kind: 'native' }));
    await f.create();
    await f.run();
    await f.startPods();
    await f.secret({ id: 'a', key: 'b' });
    await f.run();
    const pods = f.ctx.pods as ObjectCache<V1Pod>;
    pods.replace(
      pods.list(NS).map((p, i) => ({ ...p, status: { ...p.status, podIP: `10.244.0.${i + 10}` } })),
    );
    const source = await backupSource(f.ctx, f.ctx.backups.get(`${NS}/b1`) as LiveBackup);
    assert.ok(!('waiting' in source) && !('refused' in source), JSON.stringify(source));
    const client = certificateFilesOf(
      f.server.peek<V1Secret>(SECRETS, { namespace: NS, name: 'zk-client-tls' }),
    );
    assert.equal(source.leaderAddress, '10.244.0.10');
    assert.deepEqual(
      [source.leaderAdminTls?.serverName, source.leaderAdminTls?.cert],
      ['zk-0.demo.svc.cluster.local', client?.certificate],
    );
  });

  it('waits for zkop’s client certificate before it backs up an ensemble with TLS', async () => {
    const f = await backupFixture(undefined, TLS);
    await f.apply(live());
    await f.create();
    await f.run();
    await f.startPods();
    await f.secret({ id: 'a', key: 'b' });
    await f.run();
    (f.ctx.ownSecrets as ObjectCache<V1Secret>).replace([]);
    assert.deepEqual(await reconcileBackup(f.ctx, `${NS}/b1`), { actions: [], requeueAfterMs: WAIT_MS });
    (f.ctx.backups as ObjectCache<LiveBackup>).replace((await f.ctx.api.list<LiveBackup>(BACKUPS)).items);
    assert.equal(f.status()?.phase, 'Pending');
    assert.equal(reasonOf(f.status()), 'CertificatesNotReady');
  });

  it('refuses a native backup of a 3.8 ensemble, naming spec.kind', async () => {
    const f = await backupFixture();
    await f.apply(live(undefined, { kind: 'native' }));
    await f.create({ version: '3.8.4' });
    await f.run();
    await f.startPods();
    await f.secret({ id: 'a', key: 'b' });
    const inspect = f.ensemble.inspect.bind(f.ensemble);
    f.ensemble.inspect = async (...args) => {
      const answer = await inspect(...args);
      return { ...answer, members: answer.members.map((m) => ({ ...m, version: '3.8.4' })) };
    };
    await f.reconcile();
    assert.equal(f.status()?.phase, 'Failed');
    assert.equal(reasonOf(f.status(), 'Failed'), 'NativeNotSupported');
  });
});
