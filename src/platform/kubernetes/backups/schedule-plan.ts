/**
 * Pure decisions of a ZooKeeperBackupSchedule, with the cron and retention code `zkop up --watch`
 * schedules with: whether a backup is due now, what it is named, and which of the schedule's backups
 * retention retires. The newest complete backup is never retired.
 */
import type { BackupPhase } from '../../../api/backup.ts';
import { type CronSchedule, nextRun } from '../../../backup/cron.ts';
import { expiredBackups, parseAge, type Retention } from '../../../backup/retention.ts';

export interface ScheduledBackup {
  readonly name: string;
  /** RFC 3339. */
  readonly createdAt: string;
  readonly phase?: BackupPhase;
}

export interface Due {
  /** The minute a backup is made at now; undefined when none is due. */
  readonly runAt?: Date;
  /** The scheduled minute after that (or after now). */
  readonly next?: Date;
}

const minuteOf = (at: Date): Date => new Date(Math.floor(at.getTime() / 60_000) * 60_000);

/**
 * `last`: the minute the newest backup was made at, else when the schedule was made. Runs missed while
 * no operator ran are made up once, at once, as `zkop up --watch` does.
 */
export function dueRun(cron: CronSchedule, last: Date, now: Date): Due {
  const due = nextRun(cron, last);
  if (due === undefined || due > now) return due === undefined ? {} : { next: due };
  const runAt = minuteOf(now);
  const next = nextRun(cron, runAt);
  return next === undefined ? { runAt } : { runAt, next };
}

/** `<schedule>-<yyyymmddhhmm>`: one name per scheduled minute, so a second create is refused, not doubled. */
export const scheduledName = (schedule: string, at: Date): string =>
  `${schedule}-${at.toISOString().slice(0, 16).replace(/[-T:]/g, '')}`;

export const retentionOf = (spec: { keep?: number; maxAge?: string } | undefined): Retention => ({
  ...(spec?.keep === undefined ? {} : { keep: spec.keep }),
  ...(spec?.maxAge === undefined ? {} : { maxAgeMs: parseAge(spec.maxAge) }),
});

/**
 * Names to delete, oldest first: complete backups the retention expires, and failed ones older than
 * the newest complete one (they hold nothing listed). Pending and running ones are left alone.
 */
export function retiredBackups(
  backups: readonly ScheduledBackup[],
  retention: Retention,
  now: Date,
): string[] {
  const oldestFirst = [...backups].sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
  const complete = oldestFirst.filter((b) => b.phase === 'Completed');
  const expired = new Set(
    expiredBackups(
      complete.map((b) => ({ id: b.name, createdAt: b.createdAt })),
      retention,
      now,
    ),
  );
  const newest = complete.at(-1);
  const superseded = (b: ScheduledBackup) =>
    b.phase === 'Failed' && newest !== undefined && Date.parse(b.createdAt) < Date.parse(newest.createdAt);
  return oldestFirst.filter((b) => expired.has(b.name) || superseded(b)).map((b) => b.name);
}
