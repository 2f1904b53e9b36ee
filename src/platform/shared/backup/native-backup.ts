/** A native backup: the snapshot one member's AdminServer streams, straight into the store (3.9+). */

import type { BackupManifest } from '../../../backup/manifest.ts';
import type { BackupStore } from '../../../backup-store/store.ts';
import type { AdminOptions } from '../../../zk/admin.ts';
import { type AdminAuth, streamSnapshot } from '../../../zk/admin-data.ts';
import { formatZxid } from '../../../zk/zxid.ts';
import { writeBackup } from './write-backup.ts';

export interface NativeBackupRequest {
  readonly ensemble: string;
  readonly zookeeperVersion: string;
  /** The member to snapshot (the leader holds every committed transaction). */
  readonly host: string;
  readonly adminPort: number;
  readonly auth: AdminAuth;
  readonly admin: AdminOptions;
  readonly onProgress?: (message: string) => void;
}

export async function takeNativeBackup(
  store: BackupStore,
  request: NativeBackupRequest,
): Promise<BackupManifest> {
  const startedAt = new Date();
  const snapshot = await streamSnapshot(request.host, request.adminPort, request.auth, request.admin);
  request.onProgress?.(
    `snapshot of ${request.host}:${request.adminPort}: last zxid ${formatZxid(snapshot.lastZxid)}, ${snapshot.size} bytes`,
  );
  return writeBackup(
    store,
    {
      kind: 'native',
      ensemble: request.ensemble,
      payload: snapshot.body,
      expectedSize: snapshot.size,
      describe: () => ({
        zookeeperVersion: request.zookeeperVersion,
        lastZxid: formatZxid(snapshot.lastZxid),
      }),
    },
    startedAt,
    request.onProgress,
  );
}
