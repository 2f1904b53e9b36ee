/**
 * The zoo.cfg settings of the AdminServer's `snapshot` and `restore` commands (3.9+), which zkop's
 * native backups and restores use. zkop owns them (ADR 0011 refuses `admin.*` and
 * `serializeLastProcessedZxid.enabled` in `spec.config.extra`).
 */
import type { VersionInfo } from '../api/versions.ts';

/**
 * One snapshot or restore per member per minute (ZooKeeper's default is five minutes). A snapshot
 * costs the member a full serialization of its tree, so a limit stays; a minute allows a backup
 * schedule down to every minute, and zkop's own restore starts each member afresh (which resets it).
 */
export const ADMIN_RATE_LIMIT_MS = 60_000;

export function adminDataEntries(features: VersionInfo): [string, string | number | boolean][] {
  if (!features.adminSnapshot) return [];
  return [
    ['admin.snapshot.enabled', true],
    ['admin.restore.enabled', true],
    ['admin.rateLimiterIntervalInMS', ADMIN_RATE_LIMIT_MS],
    // Both commands refuse to run without it; it is 3.9's default, written down so it stays on.
    ['serializeLastProcessedZxid.enabled', true],
  ];
}
