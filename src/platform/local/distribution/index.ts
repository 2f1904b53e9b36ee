export { zkopCacheDir } from './cache-dir.ts';
export type { Distribution, DistributionSource, EnsureOptions } from './distribution.ts';
export { DistributionError } from './distribution.ts';
export { ensureDistribution } from './ensure-distribution.ts';
export { javaCommand } from './java-runtime.ts';
