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
import { CRD_GENERATE_COMMAND, customResourceDefinition } from './crd.ts';
import { GROUP } from './spec.ts';

export const BACKUP_PLURAL = 'zookeeperbackups';
export const BACKUP_CRD_FILE = `deploy/crds/${GROUP}_${BACKUP_PLURAL}.yaml`;

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

/** The backup CRD file's exact content. */
export function renderBackupCrdYaml(): string {
  const header = `# Generated from src/api/backup.ts by \`${CRD_GENERATE_COMMAND}\`. Do not edit.\n`;
  return header + stringify(buildBackupCrd(), { lineWidth: 0 });
}
