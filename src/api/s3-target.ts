/**
 * Where backups are: S3-compatible object storage and the Secret with its credentials. One schema for
 * ZooKeeperBackup, ZooKeeperBackupSchedule and a ZooKeeper's bootstrap from a backup.
 */
import { Type } from '@sinclair/typebox';
import {
  BACKUP_ENDPOINT_RULES,
  BACKUP_PREFIX_RULES,
  BUCKET_PATTERN,
  PREFIX_PATTERN,
} from './backup-rules.ts';
import { Defaulted, Strict, withRules } from './schema-kinds.ts';

const SecretKey = (fallback: string, what: string) =>
  Defaulted(
    Type.String({ minLength: 1, maxLength: 253, description: `The Secret's key holding ${what}.` }),
    fallback,
  );

export const S3CredentialsRefSchema = Strict(
  {
    name: Type.String({ minLength: 1, maxLength: 253, description: 'Secret in the backup namespace.' }),
    accessKeyIdKey: SecretKey('accessKeyId', 'the access key id'),
    secretAccessKeyKey: SecretKey('secretAccessKey', 'the secret access key'),
  },
  { description: 'The S3 credentials, from a Secret of the user’s.' },
);

export const S3TargetSchema = Strict(
  {
    endpoint: Type.Optional(
      Type.String({
        maxLength: 256,
        description: 'http(s)://host:port of an S3-compatible server; absent: AWS S3 itself.',
        ...withRules(BACKUP_ENDPOINT_RULES),
      }),
    ),
    bucket: Type.String({
      minLength: 3,
      maxLength: 63,
      pattern: BUCKET_PATTERN,
      description: 'The bucket, which must exist.',
    }),
    prefix: Type.Optional(
      Type.String({
        maxLength: 512,
        pattern: PREFIX_PATTERN,
        description:
          'Where in the bucket the backup folders go (no leading or trailing "/"); absent: its root.',
        ...withRules(BACKUP_PREFIX_RULES),
      }),
    ),
    region: Defaulted(Type.String({ minLength: 1, maxLength: 64 }), 'us-east-1'),
    forcePathStyle: Type.Optional(
      Type.Boolean({
        description:
          'Address the bucket in the path (endpoint/bucket/key), not as a host name; default: true with an endpoint, false without.',
      }),
    ),
    credentialsSecretRef: S3CredentialsRefSchema,
  },
  { description: 'S3-compatible object storage.' },
);
