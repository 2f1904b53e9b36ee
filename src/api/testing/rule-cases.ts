/** Cases for every CEL rule of the resource: specs that keep it, specs that break it, the field named. */

export type Spec = Record<string, unknown>;

const BOOTSTRAP = {
  backup: {
    s3: { bucket: 'zk-backups', prefix: 'prod', credentialsSecretRef: { name: 's3' } },
    backupId: '20261207T061500123Z-native',
  },
};
const bootstrapS3 = (s3: Spec): Spec => ({
  bootstrap: { backup: { ...BOOTSTRAP.backup, s3: { ...BOOTSTRAP.backup.s3, ...s3 } } },
});

/** For each rule: a spec that keeps it, specs that break it, and the field the error names. */
export const ruleCases: Record<
  string,
  { pass: Spec[]; fail: Spec[]; path: string; name?: { pass: string; fail: string } }
> = {
  'name-format': { pass: [], fail: [], path: 'metadata.name', name: { pass: 'zk-a1', fail: 'Zk_1' } },
  'name-length': {
    pass: [],
    fail: [],
    path: 'metadata.name',
    name: { pass: 'z'.repeat(52), fail: 'z'.repeat(53) },
  },
  'backup-endpoint-format': {
    pass: [
      bootstrapS3({ endpoint: 'http://s3.storage.svc:8333' }),
      bootstrapS3({ endpoint: 'https://s3.example' }),
    ],
    fail: [
      bootstrapS3({ endpoint: 'ftp://s3.storage.svc' }),
      bootstrapS3({ endpoint: 'http://s3:8333/path' }),
    ],
    path: 'spec.bootstrap.backup.s3.endpoint',
  },
  'backup-prefix-no-dot-segments': {
    pass: [bootstrapS3({ prefix: 'prod/zk' })],
    fail: [bootstrapS3({ prefix: 'prod/../other' })],
    path: 'spec.bootstrap.backup.s3.prefix',
  },
  'replicas-odd': {
    pass: [{ replicas: 1 }, { replicas: 5 }, { replicas: 4, allowEvenReplicas: true }],
    fail: [{ replicas: 2 }, { replicas: 4, allowEvenReplicas: false }],
    path: 'spec.replicas',
  },
  'members-max': {
    pass: [{ replicas: 11, observers: 4 }],
    fail: [{ replicas: 13, observers: 3 }],
    path: 'spec.observers',
  },
  'heap-within-memory-limit': {
    pass: [
      { jvm: { heap: '1Gi' } },
      { jvm: { heap: '4Gi' }, resources: { requests: { memory: '1Gi' } } },
      { jvm: { heap: 1073741824 }, resources: { limits: { memory: '1Gi' } } },
    ],
    fail: [
      { jvm: { heap: '2Gi' } },
      { jvm: { heap: '1025Mi' }, resources: { limits: { memory: 1073741824 } } },
    ],
    path: 'spec.jvm.heap',
  },
  'heap-minimum': {
    pass: [{ jvm: { heap: '32Mi' } }, { jvm: { heap: 33554432 } }],
    fail: [{ jvm: { heap: '31Mi' } }, { jvm: { heap: 1 } }],
    path: 'spec.jvm.heap',
  },
  'jvm-flag-one-word': {
    pass: [{ jvm: { flags: ['-XX:+UseG1GC', '-Dfoo=a,b=c', "-Dquote='x'"] } }],
    fail: [
      { jvm: { flags: ['-Da=1 -Db=2'] } },
      { jvm: { flags: ['-XX:+UseG1GC', ''] } },
      { jvm: { flags: ['-Da=1\t'] } },
      { jvm: { flags: ['-Da=1\n-Db=2'] } },
    ],
    path: 'spec.jvm.flags',
  },
  'jvm-owned-flags': {
    pass: [{ jvm: { flags: ['-XX:+UseG1GC', '-Djute.maxbuffer=4194304', '-Dfoo.zookeeper.x=1'] } }],
    fail: [
      { jvm: { flags: ['-Xmx4g'] } },
      { jvm: { flags: ['-XX:+UseG1GC', '-Xms1g'] } },
      { jvm: { flags: ['-Dzookeeper.skipACL=yes'] } },
      { jvm: { flags: ['-Djava.security.auth.login.config=/x'] } },
    ],
    path: 'spec.jvm.flags',
  },
  'disruption-keeps-quorum': {
    pass: [{ replicas: 1 }, { replicas: 5, disruption: { maxUnavailable: 2 } }],
    fail: [{ disruption: { maxUnavailable: 2 } }, { replicas: 7, disruption: { maxUnavailable: 4 } }],
    path: 'spec.disruption.maxUnavailable',
  },
  'ports-distinct': {
    pass: [{ ports: { client: 12181, admin: 18080 } }],
    fail: [{ ports: { admin: 2181 } }, { ports: { quorum: 3888 } }, { ports: { metrics: 8080 } }],
    path: 'spec.ports',
  },
  'min-session-timeout': {
    pass: [{ config: { minSessionTimeout: 4000 } }, { config: { tickTime: 1000, minSessionTimeout: 2000 } }],
    fail: [{ config: { minSessionTimeout: 3999 } }],
    path: 'spec.config.minSessionTimeout',
  },
  'session-timeout-order': {
    pass: [{ config: { minSessionTimeout: 10000, maxSessionTimeout: 10000 } }, { config: { tickTime: 500 } }],
    fail: [
      { config: { maxSessionTimeout: 5000, minSessionTimeout: 6000 } },
      { config: { minSessionTimeout: 50000 } },
      { config: { tickTime: 3000, maxSessionTimeout: 5000 } },
    ],
    path: 'spec.config.maxSessionTimeout',
  },
  'extra-key-format': {
    pass: [
      { config: { extra: { '4lw.x': '1', zookeeper_x: '2', 'a-b.c_D9': '3', ['k'.repeat(256)]: '4' } } },
    ],
    fail: [
      { config: { extra: { 'a=b': '1' } } },
      { config: { extra: { 'a:b': '1' } } },
      { config: { extra: { 'snap Count': '1' } } },
      { config: { extra: { 'snapCount\nskipACL': 'yes' } } },
      { config: { extra: { '#comment': '1' } } },
      { config: { extra: { '.hidden': '1' } } },
      { config: { extra: { '': '1' } } },
      { config: { extra: { 'a\\b': '1' } } },
      { config: { extra: { ['k'.repeat(257)]: '1' } } },
    ],
    path: 'spec.config.extra',
  },
  'extra-value-one-line': {
    pass: [{ config: { extra: { snapCount: '100000', 'x.list': 'a=b, c:d ,e f', 'x.empty': '' } } }],
    fail: [
      { config: { extra: { snapCount: '1\nskipACL=yes' } } },
      { config: { extra: { snapCount: '1\r' } } },
      { config: { extra: { snapCount: '1\\' } } },
      { config: { extra: { 'x.path': 'C:\\zk' } } },
    ],
    path: 'spec.config.extra',
  },
  'extra-owned-keys': {
    pass: [
      {
        config: {
          extra: { 'jute.maxbuffer': '4194304', snapCount: '100000', 'quorum.cnxn.threads.size': '20' },
        },
      },
    ],
    fail: [
      { config: { extra: { dataDir: '/tmp' } } },
      { config: { extra: { 'server.1': 'localhost:2888:3888' } } },
      { config: { extra: { skipACL: 'yes' } } },
      { config: { extra: { '4lw.commands.whitelist': '*' } } },
      { config: { extra: { 'ssl.keyStore.location': '/k' } } },
      { config: { extra: { 'DigestAuthenticationProvider.superDigest': 'super:x' } } },
      { config: { extra: { 'admin.enableServer': 'false' } } },
      { config: { extra: { portUnification: 'true' } } },
    ],
    path: 'spec.config.extra',
  },
  'tls-one-certificate-source': {
    pass: [
      { tls: { client: { enabled: true }, quorum: { enabled: true } } },
      { tls: { client: { enabled: true }, secretName: 'zk-tls' } },
      { tls: { quorum: { enabled: true }, issuerRef: { kind: 'ClusterIssuer', name: 'my-ca' } } },
    ],
    fail: [
      {
        tls: {
          client: { enabled: true },
          issuerRef: { kind: 'ClusterIssuer', name: 'my-ca' },
          secretName: 'zk-tls',
        },
      },
    ],
    path: 'spec.tls.secretName',
  },
  'allow-unauthenticated-needs-scheme': {
    pass: [{ auth: { client: { sasl: true, allowUnauthenticated: true } } }, { auth: { client: {} } }],
    fail: [{ auth: { client: { allowUnauthenticated: true } } }],
    path: 'spec.auth.client.allowUnauthenticated',
  },
  'x509-needs-client-certificates': {
    pass: [
      { auth: { client: { x509: true } }, tls: { client: { enabled: true } } },
      {
        auth: { client: { x509: true, sasl: true } },
        tls: { client: { enabled: true, clientAuth: 'need' } },
      },
    ],
    fail: [
      { auth: { client: { x509: true } } },
      { auth: { client: { x509: true } }, tls: { client: { enabled: true, clientAuth: 'want' } } },
    ],
    path: 'spec.auth.client.x509',
  },
  'quorum-sasl-needs-release': {
    pass: [
      { auth: { quorum: { sasl: true } } },
      { version: '3.9.4', auth: { quorum: { sasl: true } } },
      { version: '3.8.3' },
    ],
    fail: [
      { version: '3.8.3', auth: { quorum: { sasl: true } } },
      { version: '3.7.2', auth: { quorum: { sasl: true } } },
    ],
    path: 'spec.auth.quorum.sasl',
  },
  'version-supported': {
    pass: [{ version: '3.7.2' }, { version: '3.8.0' }, { version: '3.9.10' }],
    fail: [
      { version: '3.6.4' },
      { version: '3.10.1' },
      { version: '4.9.4' },
      { version: '3.9' },
      { version: '3.9.4-beta' },
      { version: '3x9.4' },
    ],
    path: 'spec.version',
  },
  'monitors-need-metrics': {
    pass: [
      { monitoring: { metrics: false } },
      { monitoring: { serviceMonitor: true, prometheusRule: true } },
    ],
    fail: [
      { monitoring: { metrics: false, serviceMonitor: true } },
      { monitoring: { metrics: false, prometheusRule: true } },
    ],
    path: 'spec.monitoring.metrics',
  },
  'alert-for-range': {
    pass: [
      { monitoring: { alerts: { noLeader: { for: '0s' } } } },
      { monitoring: { alerts: { noLeader: { for: '24h' } } } },
      { monitoring: { alerts: { jvmHeap: { for: '1h30m' } } } },
    ],
    fail: [
      { monitoring: { alerts: { noLeader: { for: '24h1s' } } } },
      { monitoring: { alerts: { noLeader: { for: '1441m' } } } },
    ],
    path: 'spec.monitoring.alerts.noLeader.for',
  },
  'alert-window-range': {
    pass: [
      { monitoring: { alerts: { sessionExpiries: { window: '1m' } } } },
      { monitoring: { alerts: { sessionExpiries: { window: '24h' } } } },
    ],
    fail: [
      { monitoring: { alerts: { sessionExpiries: { window: '59s' } } } },
      { monitoring: { alerts: { sessionExpiries: { window: '25h' } } } },
    ],
    path: 'spec.monitoring.alerts.sessionExpiries.window',
  },
};

/** For each transition rule: updates that keep it and updates that break it. */
export const transitionCases: Record<string, { pass: [Spec, Spec][]; fail: [Spec, Spec][]; path: string }> = {
  'version-step': {
    pass: [
      [{ version: '3.7.2' }, { version: '3.8.3' }],
      [{ version: '3.8.4' }, { version: '3.9.4' }],
      [{ version: '3.9.4' }, { version: '3.9.2' }],
      [{ version: '3.9.4' }, { version: '3.9.4' }],
    ],
    fail: [
      [{ version: '3.9.4' }, { version: '3.8.4' }],
      [{ version: '3.7.2' }, { version: '3.9.4' }],
    ],
    path: 'spec.version',
  },
  'data-log-fixed': {
    pass: [[{ storage: { dataLog: { size: '1Gi' } } }, { storage: { dataLog: { size: '2Gi' } } }]],
    fail: [
      [{}, { storage: { dataLog: { size: '1Gi' } } }],
      [{ storage: { dataLog: { size: '1Gi' } } }, { storage: {} }],
    ],
    path: 'spec.storage.dataLog',
  },
  'bootstrap-fixed': {
    pass: [
      [{}, {}],
      [{ bootstrap: BOOTSTRAP }, { bootstrap: BOOTSTRAP, replicas: 5 }],
    ],
    fail: [
      [{}, { bootstrap: BOOTSTRAP }],
      [{ bootstrap: BOOTSTRAP }, {}],
      [{ bootstrap: BOOTSTRAP }, { bootstrap: { backup: { ...BOOTSTRAP.backup, backupId: undefined } } }],
    ],
    path: 'spec.bootstrap',
  },
  'volume-no-shrink': {
    pass: [
      [{ storage: { size: '10Gi' } }, { storage: { size: '20Gi' } }],
      [{}, { storage: { size: 10737418240 } }],
    ],
    fail: [
      [{ storage: { size: '10Gi' } }, { storage: { size: '9Gi' } }],
      [{}, { storage: { size: '5Gi' } }],
    ],
    path: 'spec.storage.size',
  },
};
