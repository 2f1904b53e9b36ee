import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { KubernetesObject, V1Secret } from '@kubernetes/client-node';
import { BACKUP_KIND } from '../../../api/backup.ts';
import { BACKUP_SCHEDULE_KIND } from '../../../api/backup-schedule.ts';
import { API_VERSION } from '../../../api/spec.ts';
import { parseCron } from '../../../backup/cron.ts';
import { DirectoryStore } from '../../../backup-store/directory-store.ts';
import { BACKUP_SCHEDULES, BACKUPS, SECRETS } from '../client/resources.ts';
import { ObjectCache } from '../runtime/object-cache.ts';
import type { FakeClock } from '../testing/fake-clock.ts';
import { NS, setup } from '../testing/reconcile-fixture.ts';
import type { LiveBackup, LiveSchedule } from './live-backup.ts';
import { dueRun, retentionOf, retiredBackups, scheduledName } from './schedule-plan.ts';
import { reconcileSchedule, type ScheduleContext } from './schedule-reconcile.ts';

const at = (text: string) => new Date(text);

describe('when a schedule makes a backup', () => {
  const hourly = parseCron('0 * * * *');

  it('is due at the first scheduled minute after the last one, made at the minute it is found due', () => {
    assert.deepEqual(dueRun(hourly, at('2026-01-01T03:00:00Z'), at('2026-01-01T03:59:59Z')), {
      next: at('2026-01-01T04:00:00Z'),
    });
    assert.deepEqual(dueRun(hourly, at('2026-01-01T03:00:00Z'), at('2026-01-01T04:00:02Z')), {
      runAt: at('2026-01-01T04:00:00Z'),
      next: at('2026-01-01T05:00:00Z'),
    });
  });

  it('makes up runs missed while no operator ran once, at once', () => {
    assert.deepEqual(dueRun(hourly, at('2026-01-01T03:00:00Z'), at('2026-01-01T09:30:10Z')), {
      runAt: at('2026-01-01T09:30:00Z'),
      next: at('2026-01-01T10:00:00Z'),
    });
  });

  it('names a backup by its minute', () => {
    assert.equal(scheduledName('nightly', at('2026-03-04T05:06:00Z')), 'nightly-202603040506');
  });
});

describe('which backups retention retires', () => {
  const backups = [
    { name: 'b1', createdAt: '2026-01-01T01:00:00Z', phase: 'Completed' as const },
    { name: 'b2', createdAt: '2026-01-01T02:00:00Z', phase: 'Failed' as const },
    { name: 'b3', createdAt: '2026-01-01T03:00:00Z', phase: 'Completed' as const },
    { name: 'b4', createdAt: '2026-01-01T04:00:00Z', phase: 'Completed' as const },
    { name: 'b5', createdAt: '2026-01-01T05:00:00Z', phase: 'Running' as const },
  ];
  const now = at('2026-01-01T05:30:00Z');

  it('complete ones beyond the count or age, and failed ones older than the newest complete one', () => {
    assert.deepEqual(retiredBackups(backups, retentionOf({ keep: 2 }), now), ['b1', 'b2']);
    assert.deepEqual(retiredBackups(backups, retentionOf({ maxAge: '2h' }), now), ['b1', 'b2', 'b3']);
    assert.deepEqual(retiredBackups(backups, retentionOf(undefined), now), ['b2']);
  });

  it('never the newest complete one, nor one still running', () => {
    assert.deepEqual(retiredBackups(backups, retentionOf({ maxAge: '1m' }), now), ['b1', 'b2', 'b3']);
    assert.deepEqual(retiredBackups(backups.slice(3), retentionOf({ keep: 1 }), now), []);
  });
});

const scheduleObject = (name: string, spec: Record<string, unknown>) =>
  ({
    apiVersion: API_VERSION,
    kind: BACKUP_SCHEDULE_KIND,
    metadata: { name, namespace: NS },
    spec,
  }) as KubernetesObject;

const root = mkdtempSync(join(tmpdir(), 'zkop-schedule-'));
after(() => rmSync(root, { recursive: true, force: true }));

describe('a ZooKeeperBackupSchedule on Kubernetes', () => {
  it('makes a backup owned by it at each scheduled minute and retires the oldest, data first', async () => {
    const fixture = setup();
    const backups = new ObjectCache<LiveBackup>();
    const schedules = new ObjectCache<LiveSchedule>();
    const ctx: ScheduleContext = {
      ...fixture.ctx,
      backups,
      schedules,
      openStore: async () => new DirectoryStore(root),
    };
    const clock = fixture.ctx.clock as FakeClock;
    const sync = async () => {
      backups.replace((await fixture.ctx.api.list<LiveBackup>(BACKUPS)).items);
      schedules.replace((await fixture.ctx.api.list<LiveSchedule>(BACKUP_SCHEDULES)).items);
    };
    await fixture.user.create(SECRETS, {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's3', namespace: NS },
      data: { accessKeyId: 'YQ==', secretAccessKey: 'Yg==' },
    } as V1Secret);
    await fixture.user.create(
      BACKUP_SCHEDULES,
      scheduleObject('nightly', {
        ensemble: 'zk',
        schedule: '*/10 * * * *',
        kind: 'logical',
        s3: { bucket: 'zk-backups', credentialsSecretRef: { name: 's3' } },
        retention: { keep: 1 },
      }),
    );
    const reconcile = async () => {
      await sync();
      const outcome = await reconcileSchedule(ctx, `${NS}/nightly`);
      await sync();
      return outcome;
    };
    /** What the operator's backup reconcile does with a backup: takes it. */
    const complete = async (name: string, id: string) => {
      mkdirSync(join(root, id), { recursive: true });
      writeFileSync(join(root, id, 'manifest.json'), '{}');
      writeFileSync(join(root, id, 'znodes.ndjson'), '');
      await fixture.ctx.api.applyStatus(BACKUPS, {
        apiVersion: API_VERSION,
        kind: BACKUP_KIND,
        metadata: { name, namespace: NS },
        status: { phase: 'Completed', backupId: id, startTime: new Date(clock.now()).toISOString() },
      } as KubernetesObject);
    };

    // The schedule was made long ago (the fake API server's creation time): one run is made up at once.
    assert.deepEqual(await reconcile(), {
      actions: ['create ZooKeeperBackup nightly-202601010000'],
      requeueAfterMs: 300_000,
    });
    const first = backups.get(`${NS}/nightly-202601010000`);
    assert.deepEqual(first?.spec, {
      ensemble: 'zk',
      kind: 'logical',
      s3: { bucket: 'zk-backups', credentialsSecretRef: { name: 's3' } },
    });
    assert.equal(first?.metadata.ownerReferences?.[0]?.kind, BACKUP_SCHEDULE_KIND);
    assert.deepEqual(await reconcile(), { actions: [], requeueAfterMs: 300_000 });
    await complete('nightly-202601010000', '20260101T000000000Z-logical');

    await clock.advance(600_000);
    assert.deepEqual((await reconcile()).actions, ['create ZooKeeperBackup nightly-202601010010']);
    // The newest is not complete yet: the only complete one stays.
    assert.ok(backups.get(`${NS}/nightly-202601010000`));
    await complete('nightly-202601010010', '20260101T001000000Z-logical');
    assert.deepEqual((await reconcile()).actions, ['retire ZooKeeperBackup nightly-202601010000']);
    assert.equal(backups.get(`${NS}/nightly-202601010000`), undefined);
    assert.ok(!existsSync(join(root, '20260101T000000000Z-logical', 'manifest.json')));
    assert.ok(existsSync(join(root, '20260101T001000000Z-logical', 'manifest.json')));

    const status = schedules.get(`${NS}/nightly`)?.status;
    assert.equal(status?.lastScheduleTime, '2026-01-01T00:10:00.000Z');
    assert.equal(status?.nextScheduleTime, '2026-01-01T00:20:00.000Z');
    assert.equal(status?.lastBackup, 'nightly-202601010010');
    assert.equal(status?.conditions?.[0]?.reason, 'Scheduled');
  });

  it('says so, with a Warning Event, when it cannot read its schedule', async () => {
    const fixture = setup();
    const schedules = new ObjectCache<LiveSchedule>();
    await fixture.user.create(
      BACKUP_SCHEDULES,
      scheduleObject('bad', {
        ensemble: 'zk',
        schedule: '61 * * * *',
        s3: { bucket: 'b12', credentialsSecretRef: { name: 's3' } },
      }),
    );
    schedules.replace((await fixture.ctx.api.list<LiveSchedule>(BACKUP_SCHEDULES)).items);
    const ctx = { ...fixture.ctx, backups: new ObjectCache<LiveBackup>(), schedules };
    assert.deepEqual(await reconcileSchedule(ctx, `${NS}/bad`), { actions: [] });
    const note = fixture.events.notes.at(-1);
    assert.deepEqual([note?.type, note?.reason], ['Warning', 'InvalidSchedule']);
    assert.match(note?.note ?? '', /^spec\.schedule: /);
  });
});
