/**
 * The CEL rules of the ZooKeeperBackup resource (see rules.ts for how rules are written, attached and
 * evaluated). What one object cannot say (the ensemble existing, its version offering snapshots, the
 * credentials being accepted) the operator finds out and reports on the backup's status.
 */
import type { CelRule } from './rules.ts';

/** An S3 bucket name, as target-url.ts accepts it for `s3://bucket/prefix`. */
export const BUCKET_PATTERN = '^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$';
/** Key segments of plain characters, without leading or trailing "/". */
export const PREFIX_PATTERN = '^[A-Za-z0-9!_.*()-]+(/[A-Za-z0-9!_.*()-]+)*$';
/** A backup's id: the time it started (UTC, to the millisecond) and its kind. */
export const BACKUP_ID_PATTERN = '^\\d{8}T\\d{9}Z-(native|logical)$';
/** `http(s)://host[:port]`, nothing after. */
export const ENDPOINT_PATTERN = '^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?/?$';

export const BACKUP_SPEC_RULES: readonly CelRule[] = [
  {
    id: 'backup-spec-fixed',
    rule: 'self == oldSelf',
    message: 'cannot change: a ZooKeeperBackup is taken once; create another ZooKeeperBackup instead',
    reason: 'FieldValueForbidden',
  },
];

export const BACKUP_PREFIX_RULES: readonly CelRule[] = [
  {
    id: 'backup-prefix-no-dot-segments',
    rule: "!self.split('/').exists(s, s == '.' || s == '..')",
    message: 'must not have "." or ".." segments',
  },
];

export const BACKUP_ENDPOINT_RULES: readonly CelRule[] = [
  {
    id: 'backup-endpoint-format',
    rule: `self.matches('${ENDPOINT_PATTERN}')`,
    message: 'must be http(s)://host or http(s)://host:port of an S3-compatible server, without a path',
  },
];
