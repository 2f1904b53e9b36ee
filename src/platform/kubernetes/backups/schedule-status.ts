/**
 * A backup schedule's status: when the newest backup was made and the next is due, its name, and one
 * `Ready` condition (the schedule is understood and retention ran, or why not). Written only when it
 * changed, with an Event when the condition's reason or message changes.
 */
import { isDeepStrictEqual } from 'node:util';
import type { KubernetesObject } from '@kubernetes/client-node';
import { BACKUP_SCHEDULE_KIND, type ZooKeeperBackupScheduleStatus } from '../../../api/backup-schedule.ts';
import { API_VERSION } from '../../../api/spec.ts';
import { BACKUP_SCHEDULES } from '../client/resources.ts';
import type { ReconcileContext } from '../reconcile/context.ts';
import { nowOf } from '../reconcile/write-status.ts';
import type { LiveSchedule } from './live-backup.ts';

export interface ScheduleVerdict {
  readonly ready: boolean;
  readonly reason: string;
  readonly message: string;
  readonly times: Pick<ZooKeeperBackupScheduleStatus, 'lastScheduleTime' | 'nextScheduleTime' | 'lastBackup'>;
}

export async function reportSchedule(
  ctx: Pick<ReconcileContext, 'api' | 'events' | 'clock'>,
  schedule: LiveSchedule,
  verdict: ScheduleVerdict,
): Promise<void> {
  const before = schedule.status?.conditions?.find((c) => c.type === 'Ready');
  const state = verdict.ready ? 'True' : 'False';
  const generation = schedule.metadata.generation;
  const status: ZooKeeperBackupScheduleStatus = {
    ...(generation !== undefined ? { observedGeneration: generation } : {}),
    ...verdict.times,
    conditions: [
      {
        type: 'Ready',
        status: state,
        ...(generation !== undefined ? { observedGeneration: generation } : {}),
        lastTransitionTime: before && before.status === state ? before.lastTransitionTime : nowOf(ctx),
        reason: verdict.reason,
        message: verdict.message,
      },
    ],
  };
  if (isDeepStrictEqual(schedule.status, status)) return;
  await ctx.api.applyStatus(BACKUP_SCHEDULES, {
    apiVersion: API_VERSION,
    kind: BACKUP_SCHEDULE_KIND,
    metadata: { name: schedule.metadata.name, namespace: schedule.metadata.namespace },
    status,
  } as KubernetesObject);
  if (before?.reason !== verdict.reason || (!verdict.ready && before?.message !== verdict.message)) {
    await ctx.events.record(schedule as KubernetesObject, {
      type: verdict.ready ? 'Normal' : 'Warning',
      reason: verdict.reason,
      action: 'Schedule',
      note: verdict.message,
    });
  }
}
