/** ZooKeeperBackup and ZooKeeperBackupSchedule objects as the API server sends them. */
import type { V1OwnerReference } from '@kubernetes/client-node';
import type { ZooKeeperBackup } from '../../../api/backup.ts';
import type { ZooKeeperBackupSchedule } from '../../../api/backup-schedule.ts';

interface LiveMetadata {
  readonly namespace: string;
  readonly uid: string;
  readonly generation?: number;
  readonly creationTimestamp?: Date;
  readonly deletionTimestamp?: Date;
  /** A schedule's backups are owned by it (schedule-reconcile.ts). */
  readonly ownerReferences?: V1OwnerReference[];
}

type Live<T extends { metadata: object }> = T & { readonly metadata: T['metadata'] & LiveMetadata };

export type LiveBackup = Live<ZooKeeperBackup>;
export type LiveSchedule = Live<ZooKeeperBackupSchedule>;
