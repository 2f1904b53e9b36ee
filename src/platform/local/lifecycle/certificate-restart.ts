/**
 * When a member must be restarted to serve its renewed certificate. ZooKeeper reloads the quorum's
 * certificate in place, and the secure client port's with `client.certReload` (not in 3.8); the
 * AdminServer reads its certificate only when it starts. Pure.
 */
import { releaseFeatures } from '../../../api/versions.ts';
import type { MemberStart } from '../state/lifecycle-record.ts';

/**
 * The part of its validity an AdminServer certificate may have left before a restart replaces it:
 * renewal comes at two thirds, so this leaves half the time between renewal and expiry for the roll.
 */
export const ADMIN_CERTIFICATE_RESTART_AT_LEFT = 1 / 6;

/** Why `start`'s member needs a restart now that its certificate is `currentSerial`; undefined if none. */
export function certificateRestart(
  start: MemberStart | undefined,
  currentSerial: string | undefined,
  now: Date,
): string | undefined {
  const started = start?.certificate;
  if (start === undefined || started === undefined || currentSerial === undefined) return undefined;
  if (currentSerial === started.serial) return undefined;
  if (start.clientTls && !releaseFeatures(start.version).clientCertReload) {
    return `its certificate was renewed and ZooKeeper ${start.version} reads the secure client port's certificate only when it starts`;
  }
  const begins = Date.parse(started.notBefore);
  const ends = Date.parse(started.notAfter);
  if (now.getTime() >= ends - (ends - begins) * ADMIN_CERTIFICATE_RESTART_AT_LEFT) {
    return `its AdminServer serves the certificate it started with (it reads it only then), which ends at ${started.notAfter}`;
  }
  return undefined;
}
