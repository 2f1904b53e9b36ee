/**
 * The ZooKeeper resource (`zookeeper.zkop.dev/v1alpha1`, kind `ZooKeeper`): one schema that is the
 * TypeScript type, the local manifest validator and the CRD's OpenAPI schema. Defaults are the
 * `default` keywords below (see defaults.ts); cross-field rules are CEL (see rules.ts).
 */
import { type Static, Type } from '@sinclair/typebox';
import { AlertsSchema } from './alert-settings.ts';
import { BACKUP_ID_PATTERN } from './backup-rules.ts';
import {
  CLIENT_AUTH_RULES,
  CONFIG_RULES,
  EXTRA_RULES,
  JVM_RULES,
  MAX_MEMBERS,
  MAX_TICK_TIME_MS,
  MONITORING_RULES,
  OBJECT_RULES,
  PORTS_RULES,
  SPEC_RULES,
  STORAGE_RULES,
  TLS_RULES,
  VERSION_RULES,
  VOLUME_SIZE_RULES,
} from './rules.ts';
import { S3TargetSchema } from './s3-target.ts';
import { Defaulted, OneOf, PassThrough, QuantityType, Strict, StringMap, withRules } from './schema-kinds.ts';

export const GROUP = 'zookeeper.zkop.dev';
export const API_VERSION_NAME = 'v1alpha1';
export const API_VERSION = `${GROUP}/${API_VERSION_NAME}`;
export const KIND = 'ZooKeeper';

export { MAX_MEMBERS, MAX_NAME_LENGTH } from './rules.ts';

export const DELETION_POLICIES = ['Delete', 'Retain', 'WipeOut', 'DoNotTerminate'] as const;
export const ANTI_AFFINITY_MODES = ['none', 'preferred', 'required'] as const;
export const SERVICE_TYPES = ['ClusterIP', 'NodePort', 'LoadBalancer'] as const;
export const LOG_LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'] as const;
export const PHASES = [
  'Pending',
  'Creating',
  'Running',
  'Scaling',
  'Restarting',
  'Upgrading',
  'Degraded',
  'Failed',
] as const;
export const MEMBER_ROLES = ['leader', 'follower', 'observer', 'standalone', 'unknown'] as const;

const Port = (port: number, what: string) =>
  Defaulted(Type.Integer({ minimum: 1, maximum: 65535, description: `${what} port.` }), port);

export const PortsSchema = Strict(
  {
    client: Port(2181, 'Client'),
    secureClient: Port(2281, 'Client TLS (Kubernetes; with spec.tls.client.enabled)'),
    quorum: Port(2888, 'Quorum (follower to leader)'),
    leaderElection: Port(3888, 'Leader election'),
    admin: Port(8080, 'AdminServer HTTP'),
    metrics: Port(7000, 'Prometheus metrics HTTP'),
  },
  { description: 'Ports every member listens on.', ...withRules(PORTS_RULES) },
);

/** ZooKeeper reads zoo.cfg numbers as Java ints; these bounds keep every product of them in range. */
const MAX_TICKS = 1_000;
const MAX_SESSION_TIMEOUT_MS = 86_400_000;

export const AutopurgeSchema = Strict({
  snapRetainCount: Defaulted(
    Type.Integer({ minimum: 3, maximum: 10_000, description: 'Snapshots kept by autopurge.' }),
    3,
  ),
  purgeInterval: Defaulted(
    Type.Integer({
      minimum: 0,
      maximum: 8_760,
      description: 'Hours between purges (0 = never, at most a year).',
    }),
    1,
  ),
});

export const ZooKeeperConfigSchema = Strict(
  {
    tickTime: Defaulted(
      Type.Integer({
        minimum: 1,
        maximum: MAX_TICK_TIME_MS,
        description: 'Basic time unit in milliseconds, at most a minute.',
      }),
      2000,
    ),
    initLimit: Defaulted(
      Type.Integer({
        minimum: 1,
        maximum: MAX_TICKS,
        description: 'Ticks a follower may take to connect and sync to the leader.',
      }),
      10,
    ),
    syncLimit: Defaulted(
      Type.Integer({
        minimum: 1,
        maximum: MAX_TICKS,
        description: 'Ticks a follower may lag behind the leader.',
      }),
      5,
    ),
    maxClientCnxns: Defaulted(
      Type.Integer({
        minimum: 0,
        maximum: 65_535,
        description: 'Concurrent connections per client IP (0 = unlimited).',
      }),
      60,
    ),
    minSessionTimeout: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: MAX_SESSION_TIMEOUT_MS,
        description: 'Milliseconds, at most a day; defaults to 2 x tickTime.',
      }),
    ),
    maxSessionTimeout: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: MAX_SESSION_TIMEOUT_MS,
        description: 'Milliseconds, at most a day; defaults to 20 x tickTime.',
      }),
    ),
    autopurge: Defaulted(AutopurgeSchema, {}),
    extra: Defaulted(
      StringMap(
        {
          description:
            'Further zoo.cfg keys, one line each. Keys zkop manages itself (ports, directories, TLS, auth, ...) are refused.',
          maxProperties: 128,
          ...withRules(EXTRA_RULES),
        },
        { maxLength: 4096 },
      ),
      {},
    ),
  },
  { description: 'zoo.cfg settings.', ...withRules(CONFIG_RULES) },
);

export const JvmSchema = Strict(
  {
    heap: Defaulted(QuantityType({ description: 'Java heap (-Xms and -Xmx).' }), '512Mi'),
    flags: Defaulted(
      Type.Array(Type.String({ maxLength: 1024 }), {
        maxItems: 64,
        description: 'Additional JVM flags, one flag (one word) per item.',
      }),
      [],
    ),
  },
  withRules(JVM_RULES),
);

export const LoggingSchema = Strict(
  {
    level: Defaulted(
      OneOf(LOG_LEVELS, {
        description: "ZooKeeper's root log level; a change restarts the members one by one.",
      }),
      'INFO',
    ),
  },
  { description: 'Server logging: to a file per member on this machine, to standard output on Kubernetes.' },
);

export const ResourcesSchema = Strict(
  {
    requests: Defaulted(Type.Record(Type.String(), QuantityType(), { maxProperties: 16 }), {}),
    limits: Defaulted(Type.Record(Type.String(), QuantityType(), { maxProperties: 16 }), {}),
  },
  { description: 'Container resources (Kubernetes). Replaces the default as a whole when set.' },
);

export const StorageSchema = Strict(
  {
    size: Defaulted(
      QuantityType({
        description: 'Data volume size. Can grow, never shrink.',
        ...withRules(VOLUME_SIZE_RULES),
      }),
      '10Gi',
    ),
    storageClassName: Defaulted(Type.String({ description: 'Storage class; empty = cluster default.' }), ''),
    dataLog: Type.Optional(
      Strict(
        {
          size: QuantityType({
            description: 'Transaction log volume size.',
            ...withRules(VOLUME_SIZE_RULES),
          }),
        },
        {
          description:
            'A separate transaction log volume; absent = logs on the data volume. Fixed at creation.',
        },
      ),
    ),
  },
  withRules(STORAGE_RULES),
);

export const TolerationSchema = Strict({
  key: Type.Optional(Type.String()),
  operator: Type.Optional(OneOf(['Equal', 'Exists'])),
  value: Type.Optional(Type.String()),
  effect: Type.Optional(OneOf(['NoSchedule', 'PreferNoSchedule', 'NoExecute'])),
  tolerationSeconds: Type.Optional(Type.Integer()),
});

export const PodSchema = Strict(
  {
    labels: Defaulted(StringMap(), {}),
    annotations: Defaulted(StringMap(), {}),
    nodeSelector: Defaulted(StringMap(), {}),
    affinity: Defaulted(PassThrough({ description: 'Kubernetes affinity, merged with antiAffinity.' }), {}),
    tolerations: Defaulted(Type.Array(TolerationSchema), []),
    topologySpreadConstraints: Defaulted(Type.Array(PassThrough()), []),
    priorityClassName: Defaulted(Type.String(), ''),
    antiAffinity: Defaulted(
      OneOf(ANTI_AFFINITY_MODES, {
        description: 'Spread members over nodes: none, preferred (soft) or required (hard).',
      }),
      'preferred',
    ),
    securityContext: Defaulted(
      PassThrough({ description: 'Pod security context; empty = zkop default (non-root).' }),
      {},
    ),
  },
  { description: 'Pod template overrides (Kubernetes).' },
);

export const ServicesSchema = Strict({
  client: Defaulted(
    Strict({
      type: Defaulted(OneOf(SERVICE_TYPES), 'ClusterIP'),
      annotations: Defaulted(StringMap(), {}),
    }),
    {},
  ),
  admin: Defaulted(Strict({ enabled: Defaulted(Type.Boolean(), true) }), {}),
});

export const DisruptionSchema = Strict({
  maxUnavailable: Defaulted(
    Type.Integer({ minimum: 0, maximum: MAX_MEMBERS, description: 'PodDisruptionBudget.' }),
    1,
  ),
});

export const CLIENT_AUTH_MODES = ['need', 'want', 'none'] as const;
export const ISSUER_KINDS = ['Issuer', 'ClusterIssuer'] as const;

export const ClientTlsSchema = Strict(
  {
    enabled: Defaulted(
      Type.Boolean({
        description:
          'Clients connect with TLS on the secure client port; the plain client port then listens on 127.0.0.1 only.',
      }),
      false,
    ),
    clientAuth: Defaulted(
      OneOf(CLIENT_AUTH_MODES, {
        description:
          'Client certificates: need (required), want (checked when sent) or none (not asked for).',
      }),
      'need',
    ),
  },
  { description: 'TLS between clients and members.' },
);

export const QuorumTlsSchema = Strict(
  {
    enabled: Defaulted(
      Type.Boolean({
        description:
          'Members talk TLS to each other (quorum and leader election), hostnames verified both ways. Turned on or off in a running ensemble by three rolling restarts.',
      }),
      false,
    ),
  },
  { description: 'TLS between members.' },
);

export const IssuerRefSchema = Strict(
  {
    kind: OneOf(ISSUER_KINDS, { description: 'cert-manager issuer kind.' }),
    name: Type.String({ minLength: 1, maxLength: 253, description: 'cert-manager issuer name.' }),
    group: Defaulted(
      Type.String({ minLength: 1, description: "The issuer's API group." }),
      'cert-manager.io',
    ),
  },
  { description: 'Certificates from this cert-manager issuer (Kubernetes).' },
);

export const TlsSchema = Strict(
  {
    client: Defaulted(ClientTlsSchema, {}),
    quorum: Defaulted(QuorumTlsSchema, {}),
    issuerRef: Type.Optional(IssuerRefSchema),
    secretName: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 253,
        description:
          "Certificates from this Secret of the user's (tls.crt, tls.key, ca.crt) (Kubernetes). With neither issuerRef nor secretName zkop runs a CA for the ensemble and renews its certificates.",
      }),
    ),
  },
  {
    description: 'TLS for clients and between members, and where the certificates come from.',
    ...withRules(TLS_RULES),
  },
);

export const ClientAuthSchema = Strict(
  {
    sasl: Defaulted(
      Type.Boolean({
        description:
          "Clients authenticate with SASL DIGEST-MD5 as a tenant's user (ZooKeeperTenant). Sessions that authenticate with no allowed scheme are refused unless allowUnauthenticated.",
      }),
      false,
    ),
    x509: Defaulted(
      Type.Boolean({
        description:
          'Clients authenticate with their TLS client certificate (its subject is the identity ACLs name); needs tls.client.enabled with clientAuth need. Tenants get a client certificate.',
      }),
      false,
    ),
    allowUnauthenticated: Defaulted(
      Type.Boolean({
        description:
          'Accept sessions that did not authenticate (while applications move to credentials); false refuses them (enforce.auth.enabled).',
      }),
      false,
    ),
  },
  { description: 'How clients authenticate.', ...withRules(CLIENT_AUTH_RULES) },
);

export const QuorumAuthSchema = Strict(
  {
    sasl: Defaulted(
      Type.Boolean({
        description:
          'Members authenticate each other with SASL DIGEST-MD5 (quorum.auth.*); a member with other credentials is kept out. Turned on or off in a running ensemble by three rolling restarts.',
      }),
      false,
    ),
    secretName: Defaulted(
      Type.String({
        maxLength: 253,
        description:
          "Secret with the members' quorum password (key password) (Kubernetes); empty = zkop creates one. Locally zkop keeps it in the ensemble's auth directory.",
      }),
      '',
    ),
  },
  { description: 'How members authenticate each other.' },
);

export const AuthSchema = Strict(
  {
    superuserSecretName: Defaulted(
      Type.String({ description: 'Secret with the super user password; empty = zkop creates one.' }),
      '',
    ),
    client: Defaulted(ClientAuthSchema, {}),
    quorum: Defaulted(QuorumAuthSchema, {}),
  },
  {
    description:
      "Authentication of clients and members. zkop's own identity is its super user (SASL, or its client certificate with x509).",
  },
);

export const MonitoringSchema = Strict(
  {
    metrics: Defaulted(Type.Boolean({ description: 'Prometheus metrics provider.' }), true),
    serviceMonitor: Defaulted(Type.Boolean(), false),
    prometheusRule: Defaulted(Type.Boolean(), false),
    alerts: Defaulted(AlertsSchema, {}),
  },
  withRules(MONITORING_RULES),
);

export const BootstrapSchema = Strict(
  {
    backup: Strict(
      {
        s3: S3TargetSchema,
        backupId: Type.Optional(
          Type.String({
            pattern: BACKUP_ID_PATTERN,
            description:
              'The backup, as `zkop backup list` and a ZooKeeperBackup status name it; absent: the newest complete snapshot in the target when the ensemble is created.',
          }),
        ),
      },
      {
        description:
          'A native backup (a snapshot of the same minor version) that every first member starts from (Kubernetes).',
      },
    ),
  },
  {
    description:
      "Where a new ensemble's data comes from, read once, when it is created: it cannot be added, changed or removed later. To restore into an ensemble that exists, use zkop restore.",
  },
);

export const ZooKeeperSpecSchema = Strict(
  {
    version: Type.String({
      maxLength: 32,
      description: 'ZooKeeper version, e.g. 3.9.4. Selects the image tag or local distribution.',
      ...withRules(VERSION_RULES),
    }),
    image: Type.Optional(Type.String({ minLength: 1, description: 'Full image override (Kubernetes).' })),
    replicas: Defaulted(
      Type.Integer({
        minimum: 1,
        maximum: MAX_MEMBERS,
        description: 'Voting members. Odd unless allowEvenReplicas.',
      }),
      3,
    ),
    allowEvenReplicas: Defaulted(Type.Boolean(), false),
    observers: Defaulted(
      Type.Integer({ minimum: 0, maximum: MAX_MEMBERS, description: 'Non-voting members.' }),
      0,
    ),
    ports: Defaulted(PortsSchema, {}),
    config: Defaulted(ZooKeeperConfigSchema, {}),
    jvm: Defaulted(JvmSchema, {}),
    logging: Defaulted(LoggingSchema, {}),
    resources: Defaulted(ResourcesSchema, {
      requests: { cpu: '500m', memory: '1Gi' },
      limits: { memory: '1Gi' },
    }),
    storage: Defaulted(StorageSchema, {}),
    pod: Defaulted(PodSchema, {}),
    services: Defaulted(ServicesSchema, {}),
    disruption: Defaulted(DisruptionSchema, {}),
    tls: Defaulted(TlsSchema, {}),
    auth: Defaulted(AuthSchema, {}),
    monitoring: Defaulted(MonitoringSchema, {}),
    terminationGracePeriodSeconds: Defaulted(
      Type.Integer({
        minimum: 1,
        maximum: 3600,
        description:
          "Seconds a member has to exit after SIGTERM before it is killed (SIGKILL): the pods' terminationGracePeriodSeconds on Kubernetes (for pods created after a change), and how long zkop waits when it stops a member on this machine. ZooKeeper takes no snapshot on shutdown and needs none: a write is acknowledged only once it is in the fsynced transaction log, and a snapshot cut short is skipped at start for an older one plus the log. A member exits within a second; the grace period is for one held up by a long GC pause or a slow disk. Default 30, as on Kubernetes.",
      }),
      30,
    ),
    bootstrap: Type.Optional(BootstrapSchema),
    deletionPolicy: Defaulted(
      OneOf(DELETION_POLICIES, { description: 'What happens to volumes when the resource is deleted.' }),
      'Delete',
    ),
    paused: Defaulted(Type.Boolean({ description: 'Stop reconciling.' }), false),
  },
  withRules(SPEC_RULES),
);

export const ConditionSchema = Strict({
  type: Type.String(),
  status: OneOf(['True', 'False', 'Unknown']),
  observedGeneration: Type.Optional(Type.Integer({ minimum: 0 })),
  lastTransitionTime: Type.String({ format: 'date-time' }),
  reason: Type.String(),
  message: Type.String(),
});

export const MemberStatusSchema = Strict({
  id: Type.Integer({ minimum: 1 }),
  name: Type.String(),
  role: OneOf(MEMBER_ROLES),
  /** e.g. starting, syncing, serving, stopped, unreachable. */
  state: Type.String(),
  voting: Type.Optional(Type.Boolean()),
  zxid: Type.Optional(Type.String()),
  version: Type.Optional(Type.String()),
  configVersion: Type.Optional(Type.String()),
  address: Type.Optional(Type.String()),
});

export const OperationSchema = Strict({
  type: Type.String(),
  step: Type.String(),
  waitingFor: Type.Optional(Type.String()),
  startedAt: Type.Optional(Type.String({ format: 'date-time' })),
});

export const CERTIFICATE_KINDS = ['members', 'client', 'ca'] as const;
export const CERTIFICATE_SOURCES = ['zkop', 'secret', 'cert-manager'] as const;

/** One certificate the ensemble uses, as the Secret that holds it has it. */
export const CertificateStatusSchema = Strict({
  /** The members' certificate, the client certificate for applications, or the CA that signs them. */
  certificate: OneOf(CERTIFICATE_KINDS),
  secret: Type.String(),
  serial: Type.String(),
  notBefore: Type.String({ format: 'date-time' }),
  notAfter: Type.String({ format: 'date-time' }),
  /** When zkop renews it; absent where zkop does not (the user's Secret, cert-manager's, a CA). */
  renewsAt: Type.Optional(Type.String({ format: 'date-time' })),
});

export const TlsStatusSchema = Strict({
  /** Where the certificates come from: zkop's own CA, the user's Secret, or cert-manager. */
  source: OneOf(CERTIFICATE_SOURCES),
  certificates: Type.Array(CertificateStatusSchema, {
    'x-kubernetes-list-type': 'map',
    'x-kubernetes-list-map-keys': ['certificate'],
  }),
});

/** The backup a new ensemble started from (spec.bootstrap), as the operator resolved it before creating it. */
export const BootstrapStatusSchema = Strict({
  backupId: Type.String(),
  /** `s3://bucket/prefix`. */
  targetUrl: Type.String(),
  lastZxid: Type.String(),
  /** Every first member served from it; members created later join from the others instead. */
  restored: Type.Boolean(),
});

export const ZooKeeperStatusSchema = Strict({
  observedGeneration: Type.Optional(Type.Integer({ minimum: 0 })),
  phase: Type.Optional(OneOf(PHASES)),
  conditions: Type.Optional(
    Type.Array(ConditionSchema, { 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['type'] }),
  ),
  members: Type.Optional(
    Type.Array(MemberStatusSchema, { 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['id'] }),
  ),
  /** Serving members out of desired, e.g. `3/3` (printer column). */
  readyMembers: Type.Optional(Type.String()),
  leader: Type.Optional(Type.String()),
  configVersion: Type.Optional(Type.String()),
  version: Type.Optional(Type.String()),
  endpoints: Type.Optional(
    Strict({
      client: Type.Optional(Type.String()),
      admin: Type.Optional(Type.String()),
      metrics: Type.Optional(Type.String()),
    }),
  ),
  operation: Type.Optional(OperationSchema),
  /** The certificates in use while the ensemble uses TLS, with when they expire and are renewed. */
  tls: Type.Optional(TlsStatusSchema),
  bootstrap: Type.Optional(BootstrapStatusSchema),
  operatorVersion: Type.Optional(
    Type.String({ description: 'The version of the zkop operator that last reconciled this ensemble.' }),
  ),
});

export const MetadataSchema = Strict({
  name: Type.String({ minLength: 1 }),
  namespace: Type.Optional(
    Type.String({ minLength: 1, maxLength: 63, pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$' }),
  ),
  labels: Type.Optional(StringMap()),
  annotations: Type.Optional(StringMap()),
});

export const ZooKeeperSchema = Strict(
  {
    apiVersion: Type.Literal(API_VERSION),
    kind: Type.Literal(KIND),
    metadata: MetadataSchema,
    spec: ZooKeeperSpecSchema,
    status: Type.Optional(ZooKeeperStatusSchema),
  },
  withRules(OBJECT_RULES),
);

export type ZooKeeperSpec = Static<typeof ZooKeeperSpecSchema>;
export type ZooKeeperStatus = Static<typeof ZooKeeperStatusSchema>;
export type ZooKeeper = Static<typeof ZooKeeperSchema>;
export type Condition = Static<typeof ConditionSchema>;
export type MemberStatus = Static<typeof MemberStatusSchema>;
export type CertificateStatus = Static<typeof CertificateStatusSchema>;
export type TlsStatus = Static<typeof TlsStatusSchema>;
export type BootstrapStatus = Static<typeof BootstrapStatusSchema>;
export type Phase = (typeof PHASES)[number];
export type StatusRole = (typeof MEMBER_ROLES)[number];
export type DeletionPolicy = (typeof DELETION_POLICIES)[number];
export type LogLevel = (typeof LOG_LEVELS)[number];
export type Quantity = string | number;
export type Ports = Static<typeof PortsSchema>;
