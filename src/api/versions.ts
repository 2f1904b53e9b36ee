/** The ZooKeeper versions zkop knows how to run, and what each can do. */

export interface VersionInfo {
  readonly version: string;
  /** The Prometheus metrics provider jar exists for this version. */
  readonly prometheusMetrics: boolean;
  /** AdminServer `snapshot` / `restore` commands (3.9+). */
  readonly adminSnapshot: boolean;
}

/** The minor versions the resource admits (any patch release of them; Kubernetes runs whichever image exists). */
export const SUPPORTED_MINORS = ['3.8', '3.9'] as const;

const minor = (v: string): string => v.split('.').slice(0, 2).join('.');

function info(version: string, prometheusMetrics = true): VersionInfo {
  return { version, prometheusMetrics, adminSnapshot: minor(version) === '3.9' };
}

/**
 * What really resolves: 3.9.4 is the newest 3.9 whose Prometheus metrics jar is published (3.9.5 lacks
 * it, 3.9.6 lacks its parent pom); 3.8.3 is the newest 3.8 with that jar (3.8.4-3.8.6 lack it).
 * 3.8.0 is Debian bookworm's package, the fallback when Maven is unreachable; Debian does not
 * package the metrics provider, so zkop does not use it for 3.8.0 from either source.
 */
export const SUPPORTED_VERSIONS: readonly VersionInfo[] = [
  info('3.8.0', false),
  info('3.8.3'),
  info('3.9.4'),
];

export const DEFAULT_VERSION = '3.9.4';

export function findVersion(version: string): VersionInfo | undefined {
  return SUPPORTED_VERSIONS.find((v) => v.version === version);
}

export function supportedVersionList(): string {
  return SUPPORTED_VERSIONS.map((v) => v.version).join(', ');
}

/** `3.8.x or 3.9.x`. */
export function supportedMinorList(): string {
  const names = SUPPORTED_MINORS.map((m) => `${m}.x`);
  return `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
}

export { minor as minorOf };
