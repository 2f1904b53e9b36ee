/**
 * Which backups a retention policy deletes: beyond the newest `keep`, and older than `maxAgeMs`. The
 * newest complete backup is never deleted, whatever the policy says.
 */
import type { BackupManifest } from './manifest.ts';

export interface Retention {
  /** Keep at most this many (newest first). */
  readonly keep?: number;
  /** Delete backups that started longer ago than this. */
  readonly maxAgeMs?: number;
}

/** Ids to delete among `complete` (oldest first, as listed). */
export function expiredBackups(
  complete: readonly Pick<BackupManifest, 'id' | 'createdAt'>[],
  retention: Retention,
  now: Date,
): string[] {
  const newestFirst = [...complete].reverse();
  return newestFirst
    .filter((m, i) => {
      if (i === 0) return false;
      if (retention.keep !== undefined && i >= retention.keep) return true;
      const age = now.getTime() - Date.parse(m.createdAt);
      return retention.maxAgeMs !== undefined && age > retention.maxAgeMs;
    })
    .map((m) => m.id)
    .reverse();
}

const UNITS: Readonly<Record<string, number>> = { m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `30m`, `12h`, `7d` in ms; throws for anything else. */
export function parseAge(text: string): number {
  const m = /^(\d+)([mhd])$/.exec(text.trim());
  if (!m) throw new Error(`'${text}' is not an age like 30m, 12h or 7d`);
  return Number(m[1]) * (UNITS[m[2] ?? 'd'] ?? 0);
}
