/**
 * A backup's status: the phase, what was stored (id, target, last zxid, size, SHA-256, times) and two
 * conditions, `Ready` (True once Completed) and `Failed` (True once Failed), with the reason and
 * message. Written only when it changed, with an Event when the phase or reason changes: Normal for
 * started and completed, Warning for what the user has to look at.
 */
import { isDeepStrictEqual } from 'node:util';
import type { KubernetesObject } from '@kubernetes/client-node';
import { BACKUP_KIND, type BackupPhase, type ZooKeeperBackupStatus } from '../../../api/backup.ts';
import { API_VERSION } from '../../../api/spec.ts';
import { BACKUPS } from '../client/resources.ts';
import type { ReconcileContext } from '../reconcile/context.ts';
import { nowOf } from '../reconcile/write-status.ts';
import type { LiveBackup } from './live-backup.ts';

export interface BackupVerdict {
  readonly phase: BackupPhase;
  readonly reason: string;
  readonly message: string;
  /** What is known of the backup so far (kind, id, target, zxid, size, ...). */
  readonly details?: Omit<ZooKeeperBackupStatus, 'phase' | 'conditions' | 'observedGeneration'>;
}

type Condition = NonNullable<ZooKeeperBackupStatus['conditions']>[number];

function condition(
  before: LiveBackup,
  type: string,
  holds: boolean,
  verdict: BackupVerdict,
  now: string,
): Condition {
  const previous = before.status?.conditions?.find((c) => c.type === type);
  const status = holds ? 'True' : 'False';
  const generation = before.metadata.generation;
  return {
    type,
    status,
    ...(generation !== undefined ? { observedGeneration: generation } : {}),
    lastTransitionTime: previous && previous.status === status ? previous.lastTransitionTime : now,
    reason: verdict.reason,
    message: verdict.message,
  };
}

/** Pure: details known before are kept; a condition keeps its lastTransitionTime while its status stays. */
export function backupStatus(backup: LiveBackup, verdict: BackupVerdict, now: string): ZooKeeperBackupStatus {
  const { phase: _p, conditions: _c, observedGeneration: _g, ...known } = backup.status ?? {};
  const generation = backup.metadata.generation;
  return {
    ...known,
    ...verdict.details,
    ...(generation !== undefined ? { observedGeneration: generation } : {}),
    phase: verdict.phase,
    conditions: [
      condition(backup, 'Ready', verdict.phase === 'Completed', verdict, now),
      condition(backup, 'Failed', verdict.phase === 'Failed', verdict, now),
    ],
  };
}

export const isFinished = (backup: LiveBackup): boolean =>
  backup.status?.phase === 'Completed' || backup.status?.phase === 'Failed';

/** Writes the status when it changed; the status written, or undefined when nothing was. */
export async function reportBackup(
  ctx: Pick<ReconcileContext, 'api' | 'events' | 'clock'>,
  backup: LiveBackup,
  verdict: BackupVerdict,
): Promise<LiveBackup> {
  const status = backupStatus(backup, verdict, nowOf(ctx));
  if (isDeepStrictEqual(backup.status, status)) return backup;
  const before = backup.status?.conditions?.find((c) => c.type === 'Ready');
  await ctx.api.applyStatus(BACKUPS, {
    apiVersion: API_VERSION,
    kind: BACKUP_KIND,
    metadata: { name: backup.metadata.name, namespace: backup.metadata.namespace },
    status,
  } as KubernetesObject);
  if (backup.status?.phase !== verdict.phase || before?.reason !== verdict.reason) {
    await ctx.events.record(backup as KubernetesObject, {
      type: verdict.phase === 'Failed' || verdict.phase === 'Pending' ? 'Warning' : 'Normal',
      reason: verdict.reason,
      action: 'Backup',
      note: verdict.message,
    });
  }
  return { ...backup, status };
}
