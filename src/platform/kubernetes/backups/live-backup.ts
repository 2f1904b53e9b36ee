/** A ZooKeeperBackup as the API server sends it. */
import type { ZooKeeperBackup } from '../../../api/backup.ts';

export type LiveBackup = ZooKeeperBackup & {
  readonly metadata: ZooKeeperBackup['metadata'] & {
    readonly namespace: string;
    readonly uid: string;
    readonly generation?: number;
    readonly creationTimestamp?: Date;
    readonly deletionTimestamp?: Date;
  };
};
