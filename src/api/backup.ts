/**
 * The ZooKeeperBackup resource (`zookeeper.zkop.dev/v1alpha1`): one backup of one ensemble (same
 * namespace), taken once by the operator into S3-compatible storage in zkop's backup format (ADR 0110,
 * 0150). One schema for the TypeScript type, the local validator and the CRD, as spec.ts is for ZooKeeper.
 */
import { type Static, Type } from '@sinclair/typebox';
import { BACKUP_SPEC_RULES } from './backup-rules.ts';
import { DNS_1035_PATTERN, MAX_NAME_LENGTH } from './rules.ts';
import { S3TargetSchema } from './s3-target.ts';
import { OneOf, Strict, withRules } from './schema-kinds.ts';
import { API_VERSION, ConditionSchema, MetadataSchema } from './spec.ts';

export const BACKUP_KIND = 'ZooKeeperBackup';
export const BACKUP_KINDS = ['native', 'logical'] as const;
export const BACKUP_PHASES = ['Pending', 'Running', 'Completed', 'Failed'] as const;

export const ZooKeeperBackupSpecSchema = Strict(
  {
    ensemble: Type.String({
      minLength: 1,
      maxLength: MAX_NAME_LENGTH,
      pattern: DNS_1035_PATTERN,
      description: 'The ZooKeeper ensemble (in the same namespace) to back up.',
    }),
    kind: Type.Optional(
      OneOf(BACKUP_KINDS, {
        description:
          "native: the AdminServer's consistent snapshot (ZooKeeper 3.9+); logical: every znode read as zkop's super user (any version). Absent: native where the version offers it, else logical.",
      }),
    ),
    s3: S3TargetSchema,
  },
  withRules(BACKUP_SPEC_RULES),
);

export const ZooKeeperBackupStatusSchema = Strict({
  observedGeneration: Type.Optional(Type.Integer({ minimum: 0 })),
  phase: Type.Optional(OneOf(BACKUP_PHASES)),
  conditions: Type.Optional(
    Type.Array(ConditionSchema, { 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['type'] }),
  ),
  kind: Type.Optional(OneOf(BACKUP_KINDS)),
  /** The backup's folder in the target, e.g. `20261207T061500123Z-native`. */
  backupId: Type.Optional(Type.String()),
  /** `s3://bucket/prefix`: what `zkop backup list --from` takes. */
  targetUrl: Type.Optional(Type.String()),
  lastZxid: Type.Optional(Type.String()),
  /** Payload bytes. */
  size: Type.Optional(Type.Integer({ minimum: 0 })),
  sha256: Type.Optional(Type.String()),
  znodes: Type.Optional(Type.Integer({ minimum: 0 })),
  zookeeperVersion: Type.Optional(Type.String()),
  startTime: Type.Optional(Type.String({ format: 'date-time' })),
  completionTime: Type.Optional(Type.String({ format: 'date-time' })),
  /** e.g. `4.2s`. */
  duration: Type.Optional(Type.String()),
});

export const ZooKeeperBackupSchema = Strict({
  apiVersion: Type.Literal(API_VERSION),
  kind: Type.Literal(BACKUP_KIND),
  metadata: MetadataSchema,
  spec: ZooKeeperBackupSpecSchema,
  status: Type.Optional(ZooKeeperBackupStatusSchema),
});

export type ZooKeeperBackup = Static<typeof ZooKeeperBackupSchema>;
export type ZooKeeperBackupSpec = Static<typeof ZooKeeperBackupSpecSchema>;
export type ZooKeeperBackupStatus = Static<typeof ZooKeeperBackupStatusSchema>;
export type BackupPhase = (typeof BACKUP_PHASES)[number];
