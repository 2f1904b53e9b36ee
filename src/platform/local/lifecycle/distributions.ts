/** The ZooKeeper distributions one lifecycle run needs (an upgrade needs two), fetched once each. */

import { failed } from '../../shared/errors.ts';
import { type Distribution, DistributionError, ensureDistribution } from '../distribution/index.ts';

export type DistributionSource = (version: string) => Promise<Distribution>;

export function distributionSource(options: {
  readonly cacheDir?: string;
  readonly onProgress?: (message: string) => void;
}): DistributionSource {
  const cache = new Map<string, Promise<Distribution>>();
  return (version) => {
    let found = cache.get(version);
    if (!found) {
      found = ensureDistribution(version, options).catch((error: unknown) => {
        cache.delete(version);
        if (error instanceof DistributionError) throw failed(`ZooKeeper ${version}: ${error.message}`);
        throw error;
      });
      cache.set(version, found);
    }
    return found;
  };
}
