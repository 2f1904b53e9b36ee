/**
 * `ensureDistribution(version)`: a runnable ZooKeeper of that version, from the cache when it is
 * there (no network), else fetched with Maven (or, for Debian's version, from apt as a fallback)
 * into a temporary directory that is renamed into place when complete.
 */
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { findVersion, supportedVersionList, type VersionInfo } from '../../../api/versions.ts';
import { distributionsDir, zkopCacheDir } from './cache-dir.ts';
import { DEBIAN_ZOOKEEPER_VERSION, fetchFromDebian } from './debian-fetch.ts';
import { type Distribution, DistributionError, type EnsureOptions } from './distribution.ts';
import { withFetchLock } from './fetch-lock.ts';
import { requireJava } from './java-runtime.ts';
import { jarPaths, MARKER_FILE, type Marker, newMarker, readValidMarker } from './marker.ts';
import { fetchFromMaven } from './maven-fetch.ts';

const LOCK_TIMEOUT_MS = 20 * 60_000;

export async function ensureDistribution(version: string, opts: EnsureOptions = {}): Promise<Distribution> {
  const features = findVersion(version);
  if (features === undefined) {
    throw new DistributionError(
      `ZooKeeper ${version} is not supported; use one of: ${supportedVersionList()} (spec.version)`,
    );
  }
  await requireJava();
  const progress = opts.onProgress ?? (() => {});
  const root = distributionsDir(opts.cacheDir ?? zkopCacheDir());
  const home = join(root, version);
  const cached = readValidMarker(home, version);
  if (cached !== undefined) return distributionOf(home, cached, features);

  mkdirSync(root, { recursive: true });
  const lock = join(root, `${version}.lock`);
  const onWait = (pid: number) => progress(`waiting for ZooKeeper ${version} being fetched by pid ${pid}`);
  return withFetchLock(lock, LOCK_TIMEOUT_MS, onWait, async () => {
    const fetchedMeanwhile = readValidMarker(home, version);
    if (fetchedMeanwhile !== undefined) return distributionOf(home, fetchedMeanwhile, features);
    const marker = await fetchInto(root, home, features, progress);
    return distributionOf(home, marker, features);
  });
}

function distributionOf(home: string, marker: Marker, features: VersionInfo): Distribution {
  return {
    version: marker.version,
    source: marker.source,
    home,
    classpath: jarPaths(home, marker),
    logging: marker.logging,
    features,
  };
}

async function fetchInto(
  root: string,
  home: string,
  features: VersionInfo,
  progress: (message: string) => void,
): Promise<Marker> {
  // Only the lock holder creates temporary directories: any left over are from a fetch that was killed.
  const prefix = `.${features.version}.tmp-`;
  for (const entry of readdirSync(root)) {
    if (entry.startsWith(prefix)) rmSync(join(root, entry), { recursive: true, force: true });
  }
  const temp = mkdtempSync(join(root, prefix));
  try {
    chmodSync(temp, 0o755);
    const marker = await resolve(features, temp, progress);
    writeFileSync(join(temp, MARKER_FILE), `${JSON.stringify(marker, null, 2)}\n`);
    if (existsSync(home)) rmSync(home, { recursive: true, force: true });
    renameSync(temp, home);
    progress(`ZooKeeper ${features.version} ready (${marker.source}, ${marker.jars.length} jars)`);
    return marker;
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

async function resolve(
  features: VersionInfo,
  dir: string,
  progress: (message: string) => void,
): Promise<Marker> {
  const { version } = features;
  progress(`fetching ZooKeeper ${version} and its dependencies with Maven`);
  try {
    return newMarker(version, 'maven', features.logging, await fetchFromMaven(features, dir));
  } catch (mavenError) {
    if (version !== DEBIAN_ZOOKEEPER_VERSION) throw mavenError;
    progress(`Maven failed (${(mavenError as Error).message.split('\n')[0]}); trying Debian's package`);
    for (const entry of readdirSync(dir)) rmSync(join(dir, entry), { recursive: true, force: true });
    try {
      return newMarker(version, 'debian', 'log4j', await fetchFromDebian(progress));
    } catch (debianError) {
      throw new DistributionError(
        `${(mavenError as Error).message}\nand the Debian fallback failed too: ${(debianError as Error).message}`,
      );
    }
  }
}
