/**
 * The ZooKeeperBackupSchedule resource (`zookeeper.zkop.dev/v1alpha1`): ZooKeeperBackups of one
 * ensemble made at the minutes a cron schedule (UTC) names, the oldest deleted beyond a count or an
 * age (ADR 0150). One schema for the TypeScript type, the local validator and the CRD.
 */
import { type Static, Type } from '@sinclair/typebox';
import { BACKUP_KINDS } from './backup.ts';
import { DNS_1035_PATTERN, MAX_NAME_LENGTH } from './rules.ts';
import { S3TargetSchema } from './s3-target.ts';
import { OneOf, Strict } from './schema-kinds.ts';
import { API_VERSION, ConditionSchema, MetadataSchema } from './spec.ts';

export const BACKUP_SCHEDULE_KIND = 'ZooKeeperBackupSchedule';

/** Five fields of cron's characters; src/backup/cron.ts reads them, the operator reports what it cannot. */
export const CRON_PATTERN = '^[0-9*/,-]+( +[0-9*/,-]+){4}$';
export const AGE_PATTERN = '^[0-9]+[mhd]$';

export const BackupRetentionSchema = Strict(
  {
    keep: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 1000, description: 'Keep at most this many complete backups.' }),
    ),
    maxAge: Type.Optional(
      Type.String({
        pattern: AGE_PATTERN,
        maxLength: 16,
        description: 'Delete backups older than this: 30m, 12h, 7d.',
      }),
    ),
  },
  {
    description:
      'Which backups the schedule deletes (their objects and their data in the store); the newest complete one is always kept.',
  },
);

export const ZooKeeperBackupScheduleSpecSchema = Strict({
  ensemble: Type.String({
    minLength: 1,
    maxLength: MAX_NAME_LENGTH,
    pattern: DNS_1035_PATTERN,
    description: 'The ZooKeeper ensemble (in the same namespace) to back up.',
  }),
  schedule: Type.String({
    maxLength: 128,
    pattern: CRON_PATTERN,
    description:
      'Five-field cron schedule in UTC (minute hour day-of-month month day-of-week), e.g. "0 3 * * *".',
  }),
  kind: Type.Optional(OneOf(BACKUP_KINDS, { description: 'As a ZooKeeperBackup’s spec.kind.' })),
  s3: S3TargetSchema,
  retention: Type.Optional(BackupRetentionSchema),
});

export const ZooKeeperBackupScheduleStatusSchema = Strict({
  observedGeneration: Type.Optional(Type.Integer({ minimum: 0 })),
  conditions: Type.Optional(
    Type.Array(ConditionSchema, { 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['type'] }),
  ),
  /** The scheduled minute of the newest backup made. */
  lastScheduleTime: Type.Optional(Type.String({ format: 'date-time' })),
  nextScheduleTime: Type.Optional(Type.String({ format: 'date-time' })),
  /** The newest ZooKeeperBackup made. */
  lastBackup: Type.Optional(Type.String()),
});

export const ZooKeeperBackupScheduleSchema = Strict({
  apiVersion: Type.Literal(API_VERSION),
  kind: Type.Literal(BACKUP_SCHEDULE_KIND),
  metadata: MetadataSchema,
  spec: ZooKeeperBackupScheduleSpecSchema,
  status: Type.Optional(ZooKeeperBackupScheduleStatusSchema),
});

export type ZooKeeperBackupSchedule = Static<typeof ZooKeeperBackupScheduleSchema>;
export type ZooKeeperBackupScheduleStatus = Static<typeof ZooKeeperBackupScheduleStatusSchema>;
