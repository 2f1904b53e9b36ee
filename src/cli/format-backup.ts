/** Backups as the command line prints them. */
import type { BackupManifest } from '../backup/manifest.ts';
import { renderTable } from './table.ts';

export function formatBackup(m: BackupManifest): string {
  const count = m.znodes === undefined ? '' : `, ${m.znodes} znodes`;
  return `${m.id}: ${m.kind} backup of ${m.ensemble} (ZooKeeper ${m.zookeeperVersion}), last zxid ${m.lastZxid}, ${m.size} bytes${count}, sha256 ${m.sha256}, ${m.durationMs} ms`;
}

export function formatBackupList(listing: {
  readonly complete: readonly BackupManifest[];
  readonly incomplete: readonly { readonly id: string; readonly why: string }[];
}): string {
  if (listing.complete.length === 0 && listing.incomplete.length === 0) return 'no backups';
  const rows = listing.complete.map((m) => [
    m.id,
    m.kind,
    m.ensemble,
    m.zookeeperVersion,
    m.lastZxid,
    String(m.size),
    m.createdAt,
  ]);
  const lines = [renderTable(['ID', 'KIND', 'ENSEMBLE', 'VERSION', 'LAST ZXID', 'BYTES', 'CREATED'], rows)];
  for (const b of listing.incomplete) lines.push(`not complete, not restorable: ${b.id} (${b.why})`);
  return lines.join('\n');
}
