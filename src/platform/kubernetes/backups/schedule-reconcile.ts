/**
 * The reconcile of one ZooKeeperBackupSchedule: at each minute its cron schedule names, a
 * ZooKeeperBackup owned by the schedule (it goes with it) with the schedule's ensemble, kind and
 * target; then retention over the schedule's backups: a retired backup's data is deleted from the
 * store (manifest first, as `zkop up --watch` does), then its object. It looks again at the next
 * scheduled minute.
 */
import type { KubernetesObject } from '@kubernetes/client-node';
import { BACKUP_KIND } from '../../../api/backup.ts';
import { BACKUP_SCHEDULE_KIND } from '../../../api/backup-schedule.ts';
import { API_VERSION } from '../../../api/spec.ts';
import { type CronSchedule, parseCron } from '../../../backup/cron.ts';
import { openStore } from '../../../backup-store/open-store.ts';
import { deleteBackups } from '../../shared/backup/delete-backups.ts';
import { ApiError } from '../client/kube-api.ts';
import { BACKUPS } from '../client/resources.ts';
import type { CacheView } from '../runtime/object-cache.ts';
import { s3SettingsOf, targetOf } from './backup-plan.ts';
import { credentialsOf } from './backup-source.ts';
import type { LiveBackup, LiveSchedule } from './live-backup.ts';
import { dueRun, retentionOf, retiredBackups, scheduledName } from './schedule-plan.ts';
import { reportSchedule } from './schedule-status.ts';
import type { BackupContext, BackupOutcome } from './take-backup.ts';

export interface ScheduleContext
  extends Pick<BackupContext, 'api' | 'events' | 'clock' | 'backups' | 'openStore'> {
  readonly schedules: CacheView<LiveSchedule>;
}

/** At most this long between looks, so a clock that jumps or a lost requeue is caught up soon. */
const MAX_WAIT_MS = 5 * 60_000;

const ownedBy = (schedule: LiveSchedule) => (backup: LiveBackup) =>
  backup.metadata.ownerReferences?.some((o) => o.uid === schedule.metadata.uid) === true;

async function makeBackup(ctx: ScheduleContext, schedule: LiveSchedule, name: string): Promise<void> {
  const { spec, metadata } = schedule;
  try {
    await ctx.api.create(BACKUPS, {
      apiVersion: API_VERSION,
      kind: BACKUP_KIND,
      metadata: {
        name,
        namespace: metadata.namespace,
        labels: { 'zookeeper.zkop.dev/backup-schedule': metadata.name },
        ownerReferences: [
          {
            apiVersion: API_VERSION,
            kind: BACKUP_SCHEDULE_KIND,
            name: metadata.name,
            uid: metadata.uid,
            controller: true,
          },
        ],
      },
      spec: { ensemble: spec.ensemble, ...(spec.kind ? { kind: spec.kind } : {}), s3: spec.s3 },
    } as KubernetesObject);
  } catch (error) {
    // Made by an earlier reconcile whose status write did not land.
    if (!(error instanceof ApiError && error.code === 409)) throw error;
  }
}

/** Deletes the retired backups' data, then their objects; what it deleted, or why it could not. */
async function retire(
  ctx: ScheduleContext,
  schedule: LiveSchedule,
  owned: readonly LiveBackup[],
  now: Date,
): Promise<{ deleted: string[]; problem?: string }> {
  const names = retiredBackups(
    owned.map((b) => ({
      name: b.metadata.name,
      createdAt: b.status?.startTime ?? new Date(b.metadata.creationTimestamp ?? 0).toISOString(),
      ...(b.status?.phase ? { phase: b.status.phase } : {}),
    })),
    retentionOf(schedule.spec.retention),
    now,
  );
  if (names.length === 0) return { deleted: [] };
  const { namespace } = schedule.metadata;
  const retired = owned.filter((b) => names.includes(b.metadata.name));
  const ids = retired.flatMap((b) =>
    b.status?.phase === 'Completed' && b.status.backupId ? [b.status.backupId] : [],
  );
  if (ids.length > 0) {
    const credentials = await credentialsOf(ctx, namespace, schedule.spec.s3);
    if ('waiting' in credentials) return { deleted: [], problem: credentials.waiting.message };
    const store = await (ctx.openStore ?? openStore)(
      targetOf(schedule.spec.s3),
      s3SettingsOf(schedule.spec.s3, credentials),
    );
    await deleteBackups(store, ids);
  }
  for (const backup of retired) await ctx.api.delete(BACKUPS, { namespace, name: backup.metadata.name });
  return { deleted: names };
}

export async function reconcileSchedule(ctx: ScheduleContext, key: string): Promise<BackupOutcome> {
  const schedule = ctx.schedules.get(key);
  if (schedule === undefined || schedule.metadata.deletionTimestamp) return { actions: [] };
  const previous = {
    ...(schedule.status?.lastScheduleTime ? { lastScheduleTime: schedule.status.lastScheduleTime } : {}),
    ...(schedule.status?.lastBackup ? { lastBackup: schedule.status.lastBackup } : {}),
  };
  let cron: CronSchedule;
  try {
    cron = parseCron(schedule.spec.schedule);
  } catch (error) {
    const message = `spec.schedule: ${(error as Error).message}`;
    await reportSchedule(ctx, schedule, {
      ready: false,
      reason: 'InvalidSchedule',
      message,
      times: previous,
    });
    return { actions: [] };
  }
  const now = new Date(ctx.clock.now());
  const last = new Date(schedule.status?.lastScheduleTime ?? schedule.metadata.creationTimestamp ?? now);
  const { runAt, next } = dueRun(cron, last, now);
  const actions: string[] = [];
  let times = { ...previous, ...(next ? { nextScheduleTime: next.toISOString() } : {}) };
  if (runAt) {
    const name = scheduledName(schedule.metadata.name, runAt);
    await makeBackup(ctx, schedule, name);
    actions.push(`create ZooKeeperBackup ${name}`);
    times = { ...times, lastScheduleTime: runAt.toISOString(), lastBackup: name };
  }
  const owned = ctx.backups.list(schedule.metadata.namespace).filter(ownedBy(schedule));
  let retention: { deleted: string[]; problem?: string };
  try {
    retention = await retire(ctx, schedule, owned, now);
  } catch (error) {
    retention = { deleted: [], problem: (error as Error).message };
  }
  actions.push(...retention.deleted.map((name) => `retire ZooKeeperBackup ${name}`));
  await reportSchedule(
    ctx,
    schedule,
    retention.problem
      ? {
          ready: false,
          reason: 'RetentionFailed',
          message: `retention could not delete: ${retention.problem}`,
          times,
        }
      : {
          ready: true,
          reason: 'Scheduled',
          message: next
            ? `the next backup is made at ${next.toISOString()}`
            : 'the schedule names no future minute',
          times,
        },
  );
  const wait = next ? Math.min(next.getTime() - now.getTime(), MAX_WAIT_MS) : MAX_WAIT_MS;
  return { actions, requeueAfterMs: Math.max(wait, 1000) };
}
