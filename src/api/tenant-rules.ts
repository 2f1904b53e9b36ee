/**
 * The CEL rules of the ZooKeeperTenant resource (see rules.ts for how rules are written, attached and
 * evaluated). What one object cannot say about others (two tenants' paths overlapping, the ensemble
 * existing) is checked across objects by tenant-conflicts.ts.
 */
import type { CelRule } from './rules.ts';

/** zkop's own SASL identity on every ensemble; no tenant may take it. */
export const RESERVED_USERS = ['super'] as const;

/** An absolute znode path of plain segments: `/orders`, `/team-a/app_1`. */
export const TENANT_PATH_PATTERN = '^(/[A-Za-z0-9_.-]+)+$';

/**
 * A user name a JAAS file carries as the option `user_<name>` and ZooKeeper as the id of `sasl:<name>`:
 * letters, digits, '.', '_', '-', starting with a letter or digit.
 */
export const USER_NAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_.-]*$';

/** A DNS-1123 label: the tenant's name is also its default user name and part of its Secret's name. */
export const TENANT_NAME_PATTERN = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$';

export const TENANT_OBJECT_RULES: readonly CelRule[] = [
  {
    id: 'tenant-name-format',
    rule: `self.metadata.name.matches('${TENANT_NAME_PATTERN}') && self.metadata.name.size() <= 63`,
    message:
      'must be a DNS-1123 label of at most 63 characters: lower-case letters, digits and "-", starting and ending with a letter or digit',
    fieldPath: '.metadata.name',
  },
];

export const TENANT_PATH_RULES: readonly CelRule[] = [
  {
    id: 'tenant-path-format',
    rule: `self.matches('${TENANT_PATH_PATTERN}')`,
    message:
      'must be an absolute znode path of segments made of letters, digits, ".", "_" and "-", without a trailing "/" (e.g. /orders or /team-a/orders)',
  },
  {
    id: 'tenant-path-no-dot-segments',
    rule: "!self.split('/').exists(s, s == '.' || s == '..')",
    message: 'must not have "." or ".." segments: ZooKeeper refuses them',
  },
  {
    id: 'tenant-path-not-zookeeper',
    rule: "self != '/zookeeper' && !self.startsWith('/zookeeper/')",
    message: "must not be /zookeeper or below it: that subtree is ZooKeeper's own (config, quotas)",
  },
  {
    id: 'tenant-path-fixed',
    rule: 'self == oldSelf',
    message: "cannot change: the tenant's data lives there; make a new tenant for another path",
    reason: 'FieldValueForbidden',
  },
];

export const TENANT_ENSEMBLE_RULES: readonly CelRule[] = [
  {
    id: 'tenant-ensemble-fixed',
    rule: 'self == oldSelf',
    message: 'cannot change: a tenant belongs to one ensemble; make a new tenant for another',
    reason: 'FieldValueForbidden',
  },
];

export const TENANT_USER_RULES: readonly CelRule[] = [
  {
    id: 'tenant-user-not-reserved',
    rule: `!(self in [${RESERVED_USERS.map((u) => `'${u}'`).join(', ')}])`,
    message: `must not be ${RESERVED_USERS.join(', ')}: zkop authenticates as that user itself`,
  },
];

export const TENANT_QUOTA_RULES: readonly CelRule[] = [
  {
    id: 'tenant-quota-limit',
    rule: 'has(self.nodes) || has(self.bytes)',
    message: 'must limit something: nodes, bytes or both',
  },
];
