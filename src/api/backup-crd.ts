/**
 * The CustomResourceDefinition of the ZooKeeperBackup resource, derived from its TypeBox schema the
 * way crd.ts derives the ZooKeeper one; installed with it (the operator takes the backups).
 */
import { stringify } from 'yaml';
import {
  BACKUP_KIND,
  ZooKeeperBackupSchema,
  ZooKeeperBackupSpecSchema,
  ZooKeeperBackupStatusSchema,
} from './backup.ts';
import {
  BACKUP_SCHEDULE_KIND,
  ZooKeeperBackupScheduleSchema,
  ZooKeeperBackupScheduleSpecSchema,
  ZooKeeperBackupScheduleStatusSchema,
} from './backup-schedule.ts';
import { CRD_GENERATE_COMMAND, customResourceDefinition } from './crd.ts';
import { GROUP } from './spec.ts';

export const BACKUP_PLURAL = 'zookeeperbackups';
export const BACKUP_CRD_FILE = `deploy/crds/${GROUP}_${BACKUP_PLURAL}.yaml`;
export const BACKUP_SCHEDULE_PLURAL = 'zookeeperbackupschedules';
export const BACKUP_SCHEDULE_CRD_FILE = `deploy/crds/${GROUP}_${BACKUP_SCHEDULE_PLURAL}.yaml`;

const printerColumns = [
  { name: 'Phase', type: 'string', jsonPath: '.status.phase' },
  { name: 'Ensemble', type: 'string', jsonPath: '.spec.ensemble' },
  { name: 'ID', type: 'string', jsonPath: '.status.backupId' },
  { name: 'Size', type: 'integer', jsonPath: '.status.size' },
  { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
];

export const buildBackupCrd = (): Record<string, unknown> =>
  customResourceDefinition({
    kind: BACKUP_KIND,
    plural: BACKUP_PLURAL,
    singular: 'zookeeperbackup',
    shortNames: ['zkb'],
    description: 'One backup of a ZooKeeper ensemble, taken once by zkop into S3-compatible storage.',
    object: ZooKeeperBackupSchema,
    spec: ZooKeeperBackupSpecSchema,
    status: ZooKeeperBackupStatusSchema,
    printerColumns,
  });

export const buildBackupScheduleCrd = (): Record<string, unknown> =>
  customResourceDefinition({
    kind: BACKUP_SCHEDULE_KIND,
    plural: BACKUP_SCHEDULE_PLURAL,
    singular: 'zookeeperbackupschedule',
    shortNames: ['zkbs'],
    description:
      'ZooKeeperBackups of an ensemble made on a cron schedule, the oldest deleted by a retention policy.',
    object: ZooKeeperBackupScheduleSchema,
    spec: ZooKeeperBackupScheduleSpecSchema,
    status: ZooKeeperBackupScheduleStatusSchema,
    printerColumns: [
      { name: 'Ensemble', type: 'string', jsonPath: '.spec.ensemble' },
      { name: 'Schedule', type: 'string', jsonPath: '.spec.schedule' },
      { name: 'Last', type: 'date', jsonPath: '.status.lastScheduleTime' },
      { name: 'Ready', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status' },
      { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
    ],
  });

const generated = (source: string, crd: Record<string, unknown>) =>
  `# Generated from ${source} by \`${CRD_GENERATE_COMMAND}\`. Do not edit.\n${stringify(crd, { lineWidth: 0 })}`;

/** The backup CRD file's exact content. */
export const renderBackupCrdYaml = (): string => generated('src/api/backup.ts', buildBackupCrd());

/** The backup schedule CRD file's exact content. */
export const renderBackupScheduleCrdYaml = (): string =>
  generated('src/api/backup-schedule.ts', buildBackupScheduleCrd());
