/** The ZooKeeper versions zkop knows how to run, and what each can do. */

export interface VersionInfo {
  readonly version: string;
  /** The Prometheus metrics provider jar exists for this version. */
  readonly prometheusMetrics: boolean;
  /** AdminServer `snapshot` / `restore` commands (3.9+). */
  readonly adminSnapshot: boolean;
}

const minor = (v: string): string => v.split('.').slice(0, 2).join('.');

function info(version: string, prometheusMetrics = true): VersionInfo {
  return { version, prometheusMetrics, adminSnapshot: minor(version) === '3.9' };
}

export const SUPPORTED_VERSIONS: readonly VersionInfo[] = [info('3.8.0', false), info('3.8.4'), info('3.9.4')];

export const DEFAULT_VERSION = '3.9.4';

export function findVersion(version: string): VersionInfo | undefined {
  return SUPPORTED_VERSIONS.find((v) => v.version === version);
}

export function supportedVersionList(): string {
  return SUPPORTED_VERSIONS.map((v) => v.version).join(', ');
}

export { minor as minorOf };
