/**
 * Cross-field and transition rules of the ZooKeeper resource, written once in CEL. They go into the
 * CRD as `x-kubernetes-validations` (the API server enforces them) and validate.ts evaluates the same
 * expressions for local manifests. A rule sees the node it is attached to as `self` (with the schema
 * defaults applied) and, for a transition rule, its previous value as `oldSelf`.
 */
import { OWNED_CONFIG_KEYS, OWNED_CONFIG_PREFIXES } from './owned-keys.ts';
import { releaseFeatures, SUPPORTED_MINORS, supportedMinorList } from './versions.ts';

export interface CelRule {
  /** Stable name for tests and tooling; not part of the CRD. */
  readonly id: string;
  readonly rule: string;
  readonly message: string;
  /**
   * Evaluated locally only, to name what is wrong: the API server's cost estimate refuses message
   * expressions over free-form maps, so the CRD carries `message`.
   */
  readonly localMessageExpression?: string;
  /** Where the error points, relative to the node the rule is attached to (e.g. `.replicas`). */
  readonly fieldPath?: string;
  readonly reason?:
    | 'FieldValueInvalid'
    | 'FieldValueForbidden'
    | 'FieldValueRequired'
    | 'FieldValueDuplicate';
}

/** StatefulSet pod names carry a controller-revision-hash label `<name>-<hash>` that must fit 63 characters. */
export const MAX_NAME_LENGTH = 52;
/** DNS-1035 label: lower-case alphanumerics and '-', starting with a letter, ending alphanumeric. */
export const DNS_1035_PATTERN = '^[a-z]([-a-z0-9]*[a-z0-9])?$';
/** Voting members plus observers. */
export const MAX_MEMBERS = 15;

const celList = (items: readonly string[]) => `[${items.map((s) => `'${s}'`).join(', ')}]`;
const ownedKey = (k: string) =>
  `(${k} in ${celList(OWNED_CONFIG_KEYS)} || ${celList(OWNED_CONFIG_PREFIXES)}.exists(p, ${k}.startsWith(p)))`;

export const OBJECT_RULES: readonly CelRule[] = [
  {
    id: 'name-format',
    rule: `self.metadata.name.matches('${DNS_1035_PATTERN}')`,
    message:
      'must be a DNS-1035 label: lower-case letters, digits and "-", starting with a letter and ending with a letter or digit',
    fieldPath: '.metadata.name',
  },
  {
    id: 'name-length',
    rule: `self.metadata.name.size() <= ${MAX_NAME_LENGTH}`,
    message: `must be at most ${MAX_NAME_LENGTH} characters (pod and StatefulSet names are derived from it)`,
    fieldPath: '.metadata.name',
  },
];

/** The minors whose members zkop runs with quorum SASL (versions.ts: quorumSasl). */
const QUORUM_SASL_MINORS = SUPPORTED_MINORS.filter((m) => releaseFeatures(`${m}.0`).quorumSasl);
/** `^(3[.]8|3[.]9)[.]`: a release of one of `minors`. CEL strings have no `\.` escape, hence `[.]`. */
const releaseOf = (minors: readonly string[]): string =>
  `^(${minors.map((m) => m.replace('.', '[.]')).join('|')})[.]`;
const QUORUM_SASL_VERSION_PATTERN = releaseOf(QUORUM_SASL_MINORS);

export const SPEC_RULES: readonly CelRule[] = [
  {
    id: 'replicas-odd',
    rule: 'self.replicas % 2 == 1 || self.allowEvenReplicas',
    message:
      'must be odd (1, 3, 5, 7): an even ensemble tolerates no more failures than one member fewer; set spec.allowEvenReplicas: true to use an even count anyway',
    fieldPath: '.replicas',
  },
  {
    id: 'members-max',
    rule: `self.replicas + self.observers <= ${MAX_MEMBERS}`,
    message: `replicas + observers must be at most ${MAX_MEMBERS}`,
    fieldPath: '.observers',
  },
  {
    id: 'heap-within-memory-limit',
    // Iterating the map keeps the API server's cost estimate within budget; a direct lookup does not.
    rule: "self.resources.limits.all(k, k != 'memory' || quantity(string(self.jvm.heap)).compareTo(quantity(string(self.resources.limits[k]))) <= 0)",
    message:
      'must not exceed spec.resources.limits.memory (leave room for the JVM outside the heap): lower the heap or raise the limit',
    fieldPath: '.jvm.heap',
  },
  {
    id: 'x509-needs-client-certificates',
    rule: "!self.auth.client.x509 || (self.tls.client.enabled && self.tls.client.clientAuth == 'need')",
    message:
      'x509 authenticates clients by their TLS client certificate: it needs tls.client.enabled: true with clientAuth: need',
    fieldPath: '.auth.client.x509',
  },
  {
    id: 'quorum-sasl-needs-release',
    rule: `!self.auth.quorum.sasl || self.version.matches('${QUORUM_SASL_VERSION_PATTERN}')`,
    message: `needs ZooKeeper ${QUORUM_SASL_MINORS.map((m) => `${m}.x`).join(' or ')}: on older releases a restarting member can stay out of the quorum for minutes while its SASL election connections time out`,
    fieldPath: '.auth.quorum.sasl',
  },
  {
    id: 'bootstrap-fixed',
    rule: 'has(self.bootstrap) == has(oldSelf.bootstrap) && (!has(self.bootstrap) || self.bootstrap == oldSelf.bootstrap)',
    message:
      'is read once, when the ensemble is created: it cannot be added, changed or removed later; to restore into an ensemble that exists, use zkop restore',
    fieldPath: '.bootstrap',
    reason: 'FieldValueForbidden',
  },
  {
    id: 'disruption-keeps-quorum',
    rule: 'self.replicas < 3 || self.disruption.maxUnavailable <= (self.replicas - 1) / 2',
    message:
      'must leave a quorum of voting members: at most (replicas - 1) / 2, e.g. 1 for 3 replicas, 2 for 5',
    fieldPath: '.disruption.maxUnavailable',
  },
];

/** JVM flags zkop sets itself; zookeeper.* system properties go through spec.config.extra (ADR 0011). */
export const OWNED_JVM_FLAG_PREFIXES = [
  '-Xmx',
  '-Xms',
  '-Dzookeeper.',
  '-Djava.security.auth.login.config',
] as const;

export const JVM_RULES: readonly CelRule[] = [
  {
    id: 'heap-minimum',
    rule: "quantity(string(self.heap)).compareTo(quantity('32Mi')) >= 0",
    message: 'must be at least 32Mi',
    fieldPath: '.heap',
  },
  {
    id: 'jvm-flag-one-word',
    // zkServer.sh and the pod's start script pass the flags on unquoted, split at whitespace.
    rule: String.raw`self.flags.all(f, f.matches('^[^ \t\n\r\f\v]+$'))`,
    message:
      'each flag must be one word, without spaces or line breaks: give "-Da=1 -Db=2" as two items, "-Da=1" and "-Db=2"',
    fieldPath: '.flags',
  },
  {
    id: 'jvm-owned-flags',
    rule: `self.flags.all(f, !${celList(OWNED_JVM_FLAG_PREFIXES)}.exists(p, f.startsWith(p)))`,
    message: `must not set the heap (use jvm.heap) or system properties zkop manages (${OWNED_JVM_FLAG_PREFIXES.join(', ')}...); set zookeeper.* properties as spec.config.extra keys`,
    fieldPath: '.flags',
  },
];

/** A patch release of a supported minor: `3.9.4`. */
export const VERSION_PATTERN = `${releaseOf(SUPPORTED_MINORS)}[0-9]+$`;

export const VERSION_RULES: readonly CelRule[] = [
  {
    id: 'version-supported',
    rule: `self.matches('${VERSION_PATTERN}')`,
    message: `must be a ZooKeeper release zkop supports: ${supportedMinorList()} (MAJOR.MINOR.PATCH, e.g. 3.9.4)`,
  },
  {
    id: 'version-step',
    // A version outside the pattern is refused by version-supported; guarding keeps int() from failing.
    rule: `!self.matches('${VERSION_PATTERN}') || !oldSelf.matches('${VERSION_PATTERN}') || (self.split('.')[0] == oldSelf.split('.')[0] && int(self.split('.')[1]) - int(oldSelf.split('.')[1]) in [0, 1])`,
    message:
      'may move up by at most one minor version at a time (3.7.x -> 3.8.x -> 3.9.x) and never down a minor version',
  },
];

const PORT_NAMES = ['client', 'secureClient', 'quorum', 'leaderElection', 'admin', 'metrics'] as const;
const portList = `[${PORT_NAMES.map((p) => `self.${p}`).join(', ')}]`;

export const PORTS_RULES: readonly CelRule[] = [
  {
    id: 'ports-distinct',
    rule: `${portList}.all(p, ${portList}.filter(q, q == p).size() == 1)`,
    message: `${PORT_NAMES.join(', ')} must all be different ports`,
  },
];

/** The schema's maximum of spec.config.tickTime (a minute). */
export const MAX_TICK_TIME_MS = 60_000;

const minSession = '(has(self.minSessionTimeout) ? self.minSessionTimeout : 2 * self.tickTime)';
const maxSession = '(has(self.maxSessionTimeout) ? self.maxSessionTimeout : 20 * self.tickTime)';
/**
 * The API server evaluates rules even when a field is above its maximum; a tickTime out of range is
 * reported at tickTime, and the `true ||` keeps the products below from overflowing on it.
 */
const tickTimeTooLarge = `self.tickTime > ${MAX_TICK_TIME_MS}`;

/** With min >= 2 x tickTime and max >= min, max >= 2 x tickTime follows: no separate rule for it. */
export const CONFIG_RULES: readonly CelRule[] = [
  {
    id: 'min-session-timeout',
    rule: `${tickTimeTooLarge} || !has(self.minSessionTimeout) || self.minSessionTimeout >= 2 * self.tickTime`,
    message: 'must be at least 2 x tickTime',
    fieldPath: '.minSessionTimeout',
  },
  {
    id: 'session-timeout-order',
    rule: `${tickTimeTooLarge} || ${minSession} <= ${maxSession}`,
    message:
      'must not be below minSessionTimeout (defaults: minSessionTimeout = 2 x tickTime, maxSessionTimeout = 20 x tickTime)',
    fieldPath: '.maxSessionTimeout',
  },
];

/**
 * A zoo.cfg key as Java properties read one: no separator ("=", ":", whitespace), escape or
 * comment mark, at most 256 characters (the schema cannot bound the length of a map's keys).
 */
export const ZOO_CFG_KEY_PATTERN = '^[A-Za-z0-9_][A-Za-z0-9_.-]{0,255}$';

export const EXTRA_RULES: readonly CelRule[] = [
  {
    id: 'extra-key-format',
    rule: `self.all(k, k.matches('${ZOO_CFG_KEY_PATTERN}'))`,
    message:
      'keys must be zoo.cfg keys of at most 256 letters, digits, ".", "_" and "-", not starting with "." or "-" (no "=", ":", spaces or line breaks)',
  },
  {
    id: 'extra-value-one-line',
    rule: String.raw`self.all(k, !self[k].matches('[\r\n\\\\]'))`,
    message:
      'values must be one line without backslashes: ZooKeeper reads zoo.cfg as Java properties, where a line break ends the entry and a backslash starts an escape',
  },
  {
    id: 'extra-owned-keys',
    rule: `self.all(k, !${ownedKey('k')})`,
    message: 'sets keys that zkop manages itself; use the typed fields of spec instead',
    localMessageExpression: `'sets keys that zkop manages itself (' + self.filter(k, ${ownedKey('k')}).join(', ') + '); use the typed fields of spec (ports, storage, tls, auth, monitoring, config) instead'`,
  },
];

export const STORAGE_RULES: readonly CelRule[] = [
  {
    id: 'data-log-fixed',
    rule: 'has(self.dataLog) == has(oldSelf.dataLog)',
    message: 'a separate transaction log volume can only be chosen when the ensemble is created',
    fieldPath: '.dataLog',
    reason: 'FieldValueForbidden',
  },
];

export const VOLUME_SIZE_RULES: readonly CelRule[] = [
  {
    id: 'volume-no-shrink',
    rule: 'quantity(string(self)).compareTo(quantity(string(oldSelf))) >= 0',
    message: 'cannot shrink: volumes can only grow',
    reason: 'FieldValueForbidden',
  },
];

export const TLS_RULES: readonly CelRule[] = [
  {
    id: 'tls-one-certificate-source',
    rule: '!has(self.issuerRef) || !has(self.secretName)',
    message:
      'issuerRef and secretName are two sources of certificates: give one of them, or neither to have zkop run a CA for the ensemble',
    fieldPath: '.secretName',
    reason: 'FieldValueForbidden',
  },
];

export const CLIENT_AUTH_RULES: readonly CelRule[] = [
  {
    id: 'allow-unauthenticated-needs-scheme',
    rule: '!self.allowUnauthenticated || self.sasl || self.x509',
    message:
      'only means something with a scheme clients authenticate with (sasl or x509); without one every session is accepted anyway',
    fieldPath: '.allowUnauthenticated',
  },
];

export const MONITORING_RULES: readonly CelRule[] = [
  {
    id: 'monitors-need-metrics',
    rule: 'self.metrics || (!self.serviceMonitor && !self.prometheusRule)',
    message: 'serviceMonitor and prometheusRule need metrics: true',
    fieldPath: '.metrics',
  },
];

/**
 * A duration both Prometheus and the API server's CEL `duration()` read: hours, minutes and seconds,
 * each at most once and in that order (Prometheus's d, w and y are not Go's).
 */
export const DURATION_PATTERN = '^([0-9]{1,5}h)?([0-9]{1,5}m)?([0-9]{1,5}s)?$';

/** A duration outside the pattern is refused by the schema; guarding keeps duration() from failing on it. */
const durationWithin = (min: string, max: string) =>
  `!self.matches('${DURATION_PATTERN}') || (duration(self) >= duration('${min}') && duration(self) <= duration('${max}'))`;

export const ALERT_FOR_RULES: readonly CelRule[] = [
  {
    id: 'alert-for-range',
    rule: durationWithin('0s', '24h'),
    message: 'must be at most 24h: a condition held for a day is better alerted on sooner',
  },
];

export const ALERT_WINDOW_RULES: readonly CelRule[] = [
  {
    id: 'alert-window-range',
    rule: durationWithin('1m', '24h'),
    message:
      'must be from 1m to 24h: counting needs at least two scrapes (every 30s) and Prometheus keeps a day in memory',
  },
];
