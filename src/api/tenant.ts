/**
 * The ZooKeeperTenant resource (`zookeeper.zkop.dev/v1alpha1`): a path of one ensemble that belongs to
 * one application. zkop creates the path with an ACL naming only the tenant's identity, makes its
 * credentials and publishes how to connect (connect string with the path as chroot, credentials, CA).
 * One schema for the TypeScript type, the local validator and the CRD, as spec.ts is for ZooKeeper.
 */
import { type Static, Type } from '@sinclair/typebox';
import { DNS_1035_PATTERN, MAX_NAME_LENGTH } from './rules.ts';
import { Defaulted, OneOf, Strict, withRules } from './schema-kinds.ts';
import { API_VERSION, ConditionSchema, MetadataSchema } from './spec.ts';
import {
  TENANT_ENSEMBLE_RULES,
  TENANT_OBJECT_RULES,
  TENANT_PATH_RULES,
  TENANT_QUOTA_RULES,
  TENANT_USER_RULES,
  USER_NAME_PATTERN,
} from './tenant-rules.ts';

export const TENANT_KIND = 'ZooKeeperTenant';
export const TENANT_DELETION_POLICIES = ['Retain', 'Delete'] as const;

/** ZooKeeper's quota counts are Java longs; bytes beyond this are no limit in practice. */
const MAX_QUOTA = 2 ** 53 - 1;

export const TenantQuotaSchema = Strict(
  {
    nodes: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: MAX_QUOTA,
        description:
          'Most znodes under the path, the path itself included (a hard quota, zkCli setquota -N).',
      }),
    ),
    bytes: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: MAX_QUOTA,
        description: 'Most bytes of data under the path (a hard quota, zkCli setquota -B).',
      }),
    ),
  },
  {
    description:
      "ZooKeeper's hard quota on the path: a write that would exceed it fails with QUOTAEXCEEDED (3.7+).",
    ...withRules(TENANT_QUOTA_RULES),
  },
);

export const SecretKeyRefSchema = Strict(
  {
    name: Type.String({ minLength: 1, maxLength: 253, description: 'Secret in the tenant namespace.' }),
    key: Defaulted(Type.String({ minLength: 1, maxLength: 253 }), 'password'),
  },
  { description: "The tenant's password from a Secret of the user's (Kubernetes); absent = zkop makes one." },
);

export const ZooKeeperTenantSpecSchema = Strict({
  ensemble: Type.String({
    minLength: 1,
    maxLength: MAX_NAME_LENGTH,
    pattern: DNS_1035_PATTERN,
    description: 'The ZooKeeper ensemble (in the same namespace) the path is on.',
    ...withRules(TENANT_ENSEMBLE_RULES),
  }),
  path: Type.String({
    minLength: 2,
    maxLength: 512,
    description:
      'The znode the tenant owns, and the chroot of its connect string. No two tenants of an ensemble may overlap.',
    ...withRules(TENANT_PATH_RULES),
  }),
  user: Type.Optional(
    Type.String({
      maxLength: 64,
      pattern: USER_NAME_PATTERN,
      description:
        "The tenant's SASL user name (with auth.client.sasl) and its certificate's common name (with x509); default the tenant's name.",
      ...withRules(TENANT_USER_RULES),
    }),
  ),
  passwordSecretRef: Type.Optional(SecretKeyRefSchema),
  quota: Type.Optional(TenantQuotaSchema),
  deletionPolicy: Defaulted(
    OneOf(TENANT_DELETION_POLICIES, {
      description:
        'When the tenant goes: Retain keeps the path and its data (only the credentials go), Delete removes the path and everything below it.',
    }),
    'Retain',
  ),
});

export const ZooKeeperTenantStatusSchema = Strict({
  observedGeneration: Type.Optional(Type.Integer({ minimum: 0 })),
  conditions: Type.Optional(
    Type.Array(ConditionSchema, { 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['type'] }),
  ),
  /** The Secret that holds how to connect. */
  secretName: Type.Optional(Type.String()),
});

export const ZooKeeperTenantSchema = Strict(
  {
    apiVersion: Type.Literal(API_VERSION),
    kind: Type.Literal(TENANT_KIND),
    metadata: MetadataSchema,
    spec: ZooKeeperTenantSpecSchema,
    status: Type.Optional(ZooKeeperTenantStatusSchema),
  },
  withRules(TENANT_OBJECT_RULES),
);

export type ZooKeeperTenant = Static<typeof ZooKeeperTenantSchema>;
export type ZooKeeperTenantSpec = Static<typeof ZooKeeperTenantSpecSchema>;
export type TenantDeletionPolicy = (typeof TENANT_DELETION_POLICIES)[number];

/** The tenant's user name: the one it names, else its own name. */
export const tenantUser = (tenant: Pick<ZooKeeperTenant, 'metadata' | 'spec'>): string =>
  tenant.spec.user ?? tenant.metadata.name;
