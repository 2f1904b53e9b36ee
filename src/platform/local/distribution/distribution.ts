import type { VersionInfo } from '../../../api/versions.ts';
import type { LoggingBackend } from '../../../config/logging.ts';

/** Where a distribution's jars came from. */
export type DistributionSource = 'maven' | 'debian';

/** A ZooKeeper server ready to run: `java -cp <classpath> org.apache.zookeeper.server.quorum.QuorumPeerMain`. */
export interface Distribution {
  readonly version: string;
  readonly source: DistributionSource;
  /** The cache directory of this version. */
  readonly home: string;
  /** Absolute jar paths, in a stable order. */
  readonly classpath: readonly string[];
  /** The backend the server's slf4j binding logs to, hence which logging config it reads. */
  readonly logging: LoggingBackend;
  readonly features: VersionInfo;
}

export interface EnsureOptions {
  /** Overrides `$ZKOP_CACHE_DIR` / `$XDG_CACHE_HOME`; distributions go to `<cacheDir>/zookeeper/<version>`. */
  readonly cacheDir?: string;
  readonly onProgress?: (message: string) => void;
}

export class DistributionError extends Error {
  override readonly name = 'DistributionError';
}
