/** The inputs of the golden rendering tests (render-member.test.ts); one directory of testdata/ per case. */
import { applyDefaults } from '../../api/defaults.ts';
import type { ZooKeeperSpec } from '../../api/spec.ts';
import { findVersion, type VersionInfo } from '../../api/versions.ts';
import { joiningMemberServers } from '../dynamic-config.ts';
import type { MemberSelf, ServerEntry } from '../layout.ts';
import type { RenderMemberInput } from '../render-member.ts';
import { superDigest } from '../super-digest.ts';

const version = (v: string): VersionInfo => {
  const found = findVersion(v);
  if (found === undefined) throw new Error(`test version ${v} is not in the catalog`);
  return found;
};

const server = (id: number, role: ServerEntry['role'] = 'participant'): ServerEntry => ({
  id,
  host: '127.0.0.1',
  quorumPort: 20000 + id * 10,
  electionPort: 20001 + id * 10,
  clientPort: 20002 + id * 10,
  role,
});

const tlsFiles = (root: string, id: number) => ({
  keyStore: `${root}/tls/keystore.pem`,
  trustStore: `${root}/tls/truststore.pem`,
  secureClientPort: 20005 + id * 10,
});

const self = (id: number, separateDataLog = false): MemberSelf => {
  const root = `/var/lib/zkop/zk/members/${id}`;
  return {
    id,
    paths: {
      confDir: `${root}/conf`,
      dataDir: `${root}/data`,
      dataLogDir: separateDataLog ? `${root}/datalog` : `${root}/data`,
      dynamicConfigFile: `${root}/conf/zoo.cfg.dynamic`,
      logDir: `${root}/logs`,
    },
    adminPort: 20003 + id * 10,
    metricsPort: 20004 + id * 10,
    bindAddress: '127.0.0.1',
    quorumListenOnAllIPs: false,
    tls: tlsFiles(root, id),
  };
};

const spec = (s: ZooKeeperSpec) => applyDefaults(s);

/** Kubernetes-style members: DNS names, client ports on every interface. */
const kubernetesServers: ServerEntry[] = [1, 2, 3].map((id) => ({
  id,
  host: `zk-${id - 1}.zk-headless.demo.svc.cluster.local`,
  quorumPort: 2888,
  electionPort: 3888,
  clientPort: 2181,
  clientAddress: '0.0.0.0',
  role: 'participant' as const,
}));

const kubernetesSelf = (id: number): MemberSelf => ({
  id,
  paths: {
    confDir: '/data/conf',
    dataDir: '/data/data',
    dataLogDir: '/data/data',
    dynamicConfigFile: '/data/conf/zoo.cfg.dynamic',
    logDir: '/data/logs',
  },
  adminPort: 8080,
  metricsPort: 7000,
  bindAddress: '0.0.0.0',
  quorumListenOnAllIPs: true,
  tls: { keyStore: '/tls/keystore.pem', trustStore: '/tls/truststore.pem', secureClientPort: 2182 },
});

export const GOLDEN_CASES: Readonly<Record<string, RenderMemberInput>> = {
  // zkop's defaults: 3.9.4 from Maven, three voters.
  'defaults-3.9.4': {
    spec: spec({ version: '3.9.4' }),
    features: version('3.9.4'),
    logging: 'logback',
    servers: [server(1), server(2), server(3)],
    self: self(1),
    superDigest: superDigest('s3cret'),
  },
  // Debian's 3.8.0 (log4j, no metrics provider), tuned config, extra keys, separate log volume, an observer.
  'tuned-3.8.0-debian': {
    spec: spec({
      version: '3.8.0',
      replicas: 3,
      observers: 1,
      config: {
        tickTime: 1000,
        initLimit: 20,
        syncLimit: 4,
        maxClientCnxns: 0,
        autopurge: { snapRetainCount: 5, purgeInterval: 24 },
        extra: { snapCount: '50000', globalOutstandingLimit: '2000', preAllocSize: '131072' },
      },
      jvm: { heap: '1.5Gi', flags: ['-XX:+UseG1GC', '-Dzookeeper.forceSync=no'] },
      logging: { level: 'WARN' },
    }),
    features: version('3.8.0'),
    logging: 'log4j',
    servers: [server(3), server(1), server(4, 'observer'), server(2)],
    self: self(4, true),
    superDigest: superDigest('another password'),
  },
  // Kubernetes-style member: DNS names, client port on every interface, metrics switched off.
  'kubernetes-no-metrics-3.9.4': {
    spec: spec({ version: '3.9.4', monitoring: { metrics: false } }),
    features: version('3.9.4'),
    logging: 'logback',
    servers: kubernetesServers,
    self: kubernetesSelf(2),
    superDigest: superDigest('k8s'),
  },
  // Client and quorum TLS, both done: the secure client port, TLS-only quorum, HTTPS AdminServer.
  'tls-3.9.4': {
    spec: spec({ version: '3.9.4', tls: { client: { enabled: true }, quorum: { enabled: true } } }),
    features: version('3.9.4'),
    logging: 'logback',
    servers: [server(1), server(2), server(3)],
    self: self(2),
    superDigest: superDigest('s3cret'),
  },
  // Quorum TLS being turned on, first stage (portUnification with the stores); 3.8.3 has no client.certReload.
  'tls-accept-stage-3.8.3': {
    spec: spec({
      version: '3.8.3',
      tls: { client: { enabled: true, clientAuth: 'want' }, quorum: { enabled: true } },
    }),
    features: version('3.8.3'),
    logging: 'logback',
    servers: [server(1), server(2), server(3)],
    self: self(1),
    superDigest: superDigest('s3cret'),
    quorumTls: 'accept-tls',
  },
  // Kubernetes-style member with client TLS only: plain client addresses on 127.0.0.1, HTTPS AdminServer.
  'kubernetes-client-tls-3.9.4': {
    spec: spec({ version: '3.9.4', tls: { client: { enabled: true } } }),
    features: version('3.9.4'),
    logging: 'logback',
    servers: kubernetesServers,
    self: kubernetesSelf(1),
    superDigest: superDigest('k8s'),
  },
  // Clients must authenticate with SASL (two tenants' users), members authenticate each other: 3.9.4
  // needs fips-mode off for DIGEST-MD5; the JAAS file holds every password; tenants' quotas are enforced.
  'auth-sasl-3.9.4': {
    spec: spec({ version: '3.9.4', auth: { client: { sasl: true }, quorum: { sasl: true } } }),
    features: version('3.9.4'),
    logging: 'logback',
    servers: [server(1), server(2), server(3)],
    self: { ...self(3), jaasFile: '/var/lib/zkop/zk/members/3/conf/jaas.conf' },
    superDigest: superDigest('s3cret'),
    credentials: {
      superPassword: 's3cret',
      users: [
        { name: 'orders', password: 'orders-pw' },
        { name: 'billing.v2', password: 'billing-pw' },
      ],
      quorumPassword: 'quorum-pw',
    },
  },
  // What zkop up runs with client SASL: unauthenticated sessions refused, zkop's super user the one SASL
  // user; 3.8 has no FIPS mode to turn off.
  'auth-client-sasl-3.8.3': {
    spec: spec({ version: '3.8.3', auth: { client: { sasl: true } } }),
    features: version('3.8.3'),
    logging: 'logback',
    servers: [server(1), server(2), server(3)],
    self: { ...self(2), jaasFile: '/var/lib/zkop/zk/members/2/conf/jaas.conf' },
    superDigest: superDigest('s3cret'),
    credentials: { superPassword: 's3cret', users: [] },
  },
  // What zkop up runs with quorum SASL alone: members authenticate each other with DIGEST-MD5 (3.9.4 needs
  // fips-mode off for it), clients stay open; the JAAS file holds only the quorum sections.
  'auth-quorum-sasl-3.9.4': {
    spec: spec({ version: '3.9.4', auth: { quorum: { sasl: true } } }),
    features: version('3.9.4'),
    logging: 'logback',
    servers: [server(1), server(2), server(3)],
    self: { ...self(1), jaasFile: '/var/lib/zkop/zk/members/1/conf/jaas.conf' },
    superDigest: superDigest('s3cret'),
    credentials: { superPassword: 's3cret', users: [], quorumPassword: 'quorum-pw' },
  },
  // SASL and x509 clients being turned on (accepted, not yet enforced) with client TLS, quorum SASL at
  // its first stage: zkop's certificate subject is the x509 super user; a tenant's quota is enforced.
  'auth-accept-stage-3.8.3': {
    spec: spec({
      version: '3.8.3',
      tls: { client: { enabled: true } },
      auth: { client: { sasl: true, x509: true }, quorum: { sasl: true } },
    }),
    features: version('3.8.3'),
    logging: 'logback',
    servers: [server(1), server(2), server(3)],
    self: { ...self(1), jaasFile: '/var/lib/zkop/zk/members/1/conf/jaas.conf' },
    superDigest: superDigest('s3cret'),
    authStage: { client: 'accept', quorum: 'enabled' },
    credentials: {
      superPassword: 's3cret',
      users: [{ name: 'orders', password: 'orders-pw' }],
      quorumPassword: 'quorum-pw',
      zkopSubject: 'CN=zkop zk client',
    },
  },
  // A fourth member joining a committed three-member config: it starts as an observer.
  'joining-member-3.9.4': {
    spec: spec({ version: '3.9.4', replicas: 5 }),
    features: version('3.9.4'),
    logging: 'logback',
    servers: joiningMemberServers([server(1), server(2), server(3)], server(4)),
    self: self(4),
    superDigest: superDigest('s3cret'),
  },
};
