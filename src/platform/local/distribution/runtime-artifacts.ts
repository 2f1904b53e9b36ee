/**
 * The Maven artifacts a ZooKeeper server needs at run time, per version.
 *
 * ZooKeeper's pom declares the AdminServer (Jetty, Jackson), the command line parser, the
 * logging binding, snappy and dropwizard metrics as `provided` or optional, so resolving the
 * `zookeeper` artifact alone yields a server that cannot log or serve its AdminServer. The
 * versions below are the ones ZooKeeper's own parent pom (`org.apache.zookeeper:parent:<v>`)
 * manages for that release.
 */

export interface MavenArtifact {
  readonly groupId: string;
  readonly artifactId: string;
  readonly version: string;
}

interface ManagedVersions {
  /** The slf4j binding and its backend, as the release's binary distribution ships them. */
  readonly logging: readonly MavenArtifact[];
  readonly jetty: string;
  readonly jackson: string;
  readonly commonsCli: string;
  readonly snappy: string;
  readonly dropwizard: string;
}

const logback = (version: string): MavenArtifact[] => [
  { groupId: 'ch.qos.logback', artifactId: 'logback-classic', version },
];

/** 3.7 binds slf4j to reload4j; its binding excludes every dependency, so reload4j is named too. */
const reload4j = (slf4j: string, version: string): MavenArtifact[] => [
  { groupId: 'org.slf4j', artifactId: 'slf4j-reload4j', version: slf4j },
  { groupId: 'ch.qos.reload4j', artifactId: 'reload4j', version },
];

const MANAGED: Readonly<Record<string, ManagedVersions>> = {
  '3.7.2': {
    logging: reload4j('1.7.35', '1.2.22'),
    jetty: '9.4.52.v20230823',
    jackson: '2.15.2',
    commonsCli: '1.5.0',
    snappy: '1.1.10.5',
    dropwizard: '4.1.12.1',
  },
  '3.8.0': {
    logging: logback('1.2.10'),
    jetty: '9.4.43.v20210629',
    jackson: '2.13.1',
    commonsCli: '1.4',
    snappy: '1.1.7.7',
    dropwizard: '4.1.12.1',
  },
  '3.8.3': {
    logging: logback('1.2.10'),
    jetty: '9.4.52.v20230823',
    jackson: '2.15.2',
    commonsCli: '1.5.0',
    snappy: '1.1.10.5',
    dropwizard: '4.1.12.1',
  },
  '3.9.4': {
    logging: logback('1.3.15'),
    jetty: '9.4.57.v20241219',
    jackson: '2.15.2',
    commonsCli: '1.5.0',
    snappy: '1.1.10.5',
    dropwizard: '4.1.12.1',
  },
};

/** Versions for which the runtime dependencies are known. */
export function hasRuntimeArtifacts(version: string): boolean {
  return MANAGED[version] !== undefined;
}

/** Every artifact to resolve for `version`; their own compile/runtime dependencies come along. */
export function runtimeArtifacts(version: string, prometheusMetrics: boolean): MavenArtifact[] {
  const m = MANAGED[version];
  if (m === undefined) throw new Error(`no runtime dependency table for ZooKeeper ${version}`);
  const zk = (artifactId: string): MavenArtifact => ({
    groupId: 'org.apache.zookeeper',
    artifactId,
    version,
  });
  return [
    zk('zookeeper'),
    ...(prometheusMetrics ? [zk('zookeeper-prometheus-metrics')] : []),
    ...m.logging,
    { groupId: 'org.eclipse.jetty', artifactId: 'jetty-server', version: m.jetty },
    { groupId: 'org.eclipse.jetty', artifactId: 'jetty-servlet', version: m.jetty },
    { groupId: 'com.fasterxml.jackson.core', artifactId: 'jackson-databind', version: m.jackson },
    { groupId: 'commons-cli', artifactId: 'commons-cli', version: m.commonsCli },
    { groupId: 'org.xerial.snappy', artifactId: 'snappy-java', version: m.snappy },
    { groupId: 'io.dropwizard.metrics', artifactId: 'metrics-core', version: m.dropwizard },
  ];
}
