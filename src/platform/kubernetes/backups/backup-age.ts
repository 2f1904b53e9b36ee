/**
 * Since when each ensemble's data has gone without a backup, for the operator's
 * `zkop_ensemble_last_backup_timestamp_seconds` and the ZooKeeperBackupTooOld alert: the completion
 * time of its newest completed ZooKeeperBackup or, while a schedule backs it up and none has
 * completed, the creation of its oldest schedule (a schedule whose backups all fail is then noticed
 * too). An ensemble nothing backs up has no entry, and so no alert.
 */
import type { LiveBackup, LiveSchedule } from './live-backup.ts';

const ensembleKey = (o: LiveBackup | LiveSchedule) => `${o.metadata.namespace}/${o.spec.ensemble}`;

/** Milliseconds since the epoch, by ensemble key (`namespace/name`). */
export function lastBackupTimes(
  backups: readonly LiveBackup[],
  schedules: readonly LiveSchedule[],
): Map<string, number> {
  const times = new Map<string, number>();
  for (const backup of backups) {
    const completion = backup.status?.completionTime;
    if (backup.status?.phase !== 'Completed' || !completion) continue;
    const key = ensembleKey(backup);
    times.set(key, Math.max(times.get(key) ?? 0, Date.parse(completion)));
  }
  const completed = new Set(times.keys());
  for (const schedule of schedules) {
    const key = ensembleKey(schedule);
    const created = schedule.metadata.creationTimestamp;
    if (completed.has(key) || created === undefined) continue;
    times.set(key, Math.min(times.get(key) ?? Number.POSITIVE_INFINITY, new Date(created).getTime()));
  }
  return times;
}
