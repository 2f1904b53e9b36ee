/** Whether a backup may be restored into an ensemble, decided before anything moves. */
import { minorOf } from '../api/versions.ts';
import type { BackupManifest } from './manifest.ts';

/**
 * A native snapshot is read back by the same minor version only: ZooKeeper's snapshot format and the
 * digest it appends change between minors (3.9 adds the last processed zxid), and a restore cannot be
 * undone by the server that misread it. A logical backup is znodes and imports into any version.
 */
export function nativeRestoreRefusal(manifest: BackupManifest, ensembleVersion: string): string | undefined {
  if (manifest.kind !== 'native') return `backup ${manifest.id} is a ${manifest.kind} backup, not a snapshot`;
  const from = minorOf(manifest.zookeeperVersion);
  const to = minorOf(ensembleVersion);
  if (from !== to) {
    return (
      `backup ${manifest.id} is a snapshot of ZooKeeper ${manifest.zookeeperVersion} and the ensemble runs ` +
      `${ensembleVersion}: a snapshot is restored into the same minor version (${from}.x) only; ` +
      'restore a logical backup instead, or upgrade the ensemble first'
    );
  }
  return undefined;
}
