/**
 * Where a backup's files sit in a target: `<id>/<payload>` first, `<id>/manifest.json` last. Ids start
 * with the UTC time the backup started, so they sort oldest first.
 */

import { BACKUP_ID_PATTERN } from '../api/backup-rules.ts';
import type { BackupKind } from './manifest.ts';

export const MANIFEST_FILE = 'manifest.json';

export const PAYLOAD_FILE: Readonly<Record<BackupKind, string>> = {
  native: 'snapshot.bin',
  logical: 'znodes.ndjson',
};

/** `20250102T030405123Z-native`: the start time to the millisecond, then the kind. */
export function backupId(kind: BackupKind, startedAt: Date): string {
  return `${startedAt.toISOString().replace(/[-:.]/g, '')}-${kind}`;
}

export const manifestKey = (id: string) => `${id}/${MANIFEST_FILE}`;
export const payloadKey = (id: string, payload: string) => `${id}/${payload}`;

const ID = new RegExp(BACKUP_ID_PATTERN);

export function isBackupId(text: string): boolean {
  return ID.test(text);
}

/** The ids that have a manifest among `keys` (the object names under a target), oldest first. */
export function idsWithManifest(keys: readonly string[]): string[] {
  return keys
    .filter((key) => key.endsWith(`/${MANIFEST_FILE}`))
    .map((key) => key.slice(0, -MANIFEST_FILE.length - 1))
    .filter(isBackupId)
    .sort();
}
