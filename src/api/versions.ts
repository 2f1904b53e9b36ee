/** The ZooKeeper versions zkop knows how to run, and what each can do. */

/**
 * The logging backend a release binds slf4j to: logback since 3.8; reload4j (log4j 1.2's maintained
 * fork: the same classes, the same `log4j.properties`) in 3.7, and log4j 1.2 in Debian's 3.8.0.
 */
export type LoggingBackend = 'logback' | 'log4j';

export interface VersionInfo {
  readonly version: string;
  /**
   * The Prometheus metrics provider jar exists for this version. 3.7's provider ignores
   * `metricsProvider.httpHost` and listens on every interface (3.8 added the setting).
   */
  readonly prometheusMetrics: boolean;
  /** AdminServer `snapshot` / `restore` commands (3.9+). */
  readonly adminSnapshot: boolean;
  /** What the release's own distribution (its binary tarball, the official image) logs through. */
  readonly logging: LoggingBackend;
  /**
   * `client.certReload`: the secure client port picks up a renewed certificate without a restart.
   * 3.7.2 and 3.9.x have it; 3.8.3 does not (its Netty factory has no such setting), so zkop treats
   * every 3.8 release as without it.
   */
  readonly clientCertReload: boolean;
  /**
   * `ssl.quorum.clientHostnameVerification`: a member can leave the name of a peer that connects to
   * it unchecked while still checking the name of a peer it dials. 3.9.4 has it (checked in its
   * classes); 3.8.3 has only the one switch for both. Earlier 3.9 releases are treated as without.
   */
  readonly quorumClientHostnameVerification: boolean;
  /**
   * `zookeeper.fips-mode` defaults to true (3.9), and a member in FIPS mode refuses SASL DIGEST-MD5
   * (ZOOKEEPER-4889): zkop turns it off where digest SASL is in use.
   */
  readonly fipsModeByDefault: boolean;
  /**
   * zkop runs members with quorum SASL. Not on 3.8: on 3.8.3, with the machine busy, a member that
   * restarted as an observer stayed LOOKING for over 90 s while its SASL-authenticated election
   * connections timed out one after another ("Failed to authenticate using SASL ... Read timed out"),
   * in 1 of 4 creations; 3.9.4 formed every time under the same load.
   */
  readonly quorumSasl: boolean;
}

/**
 * The minor versions the resource admits (any patch release of them; Kubernetes runs whichever
 * image exists). 3.7 is there so that 3.7 ensembles can be taken over and upgraded one minor at a
 * time, 3.7 -> 3.8 -> 3.9, as ZooKeeper requires.
 */
export const SUPPORTED_MINORS = ['3.7', '3.8', '3.9'] as const;

const minor = (v: string): string => v.split('.').slice(0, 2).join('.');

/** What a release of `version`'s minor can do, as its own distribution ships it. */
export function releaseFeatures(version: string): VersionInfo {
  return {
    version,
    prometheusMetrics: true,
    adminSnapshot: minor(version) === '3.9',
    logging: minor(version) === '3.7' ? 'log4j' : 'logback',
    clientCertReload: minor(version) !== '3.8',
    quorumClientHostnameVerification: minor(version) === '3.9' && Number(version.split('.')[2]) >= 4,
    fipsModeByDefault: minor(version) === '3.9',
    quorumSasl: minor(version) === '3.9',
  };
}

const withoutMetrics = (version: string): VersionInfo => ({
  ...releaseFeatures(version),
  prometheusMetrics: false,
});

/**
 * What really resolves: 3.9.4 is the newest 3.9 whose Prometheus metrics jar is published (3.9.5 lacks
 * it, 3.9.6 lacks its parent pom); 3.8.3 is the newest 3.8 with that jar (3.8.4-3.8.6 lack it).
 * 3.8.0 is Debian bookworm's package, the fallback when Maven is unreachable; Debian does not
 * package the metrics provider, so zkop does not use it for 3.8.0 from either source. 3.7.2 is the
 * last 3.7 release; no 3.7 metrics jar is published, so zkop runs it without the provider.
 */
export const SUPPORTED_VERSIONS: readonly VersionInfo[] = [
  withoutMetrics('3.7.2'),
  withoutMetrics('3.8.0'),
  releaseFeatures('3.8.3'),
  releaseFeatures('3.9.4'),
];

export const DEFAULT_VERSION = '3.9.4';

export function findVersion(version: string): VersionInfo | undefined {
  return SUPPORTED_VERSIONS.find((v) => v.version === version);
}

export function supportedVersionList(): string {
  return SUPPORTED_VERSIONS.map((v) => v.version).join(', ');
}

/** `3.7.x, 3.8.x or 3.9.x`. */
export function supportedMinorList(): string {
  const names = SUPPORTED_MINORS.map((m) => `${m}.x`);
  return `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
}

export { minor as minorOf };
