/** Resolving a ZooKeeper server and its runtime dependencies with Maven into a directory. */
import { execFile } from 'node:child_process';
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { VersionInfo } from '../../../api/versions.ts';
import { DistributionError } from './distribution.ts';
import { mavenFailureSummary, selectJars } from './jar-selection.ts';
import { renderResolverPom } from './resolver-pom.ts';
import { runtimeArtifacts } from './runtime-artifacts.ts';

const run = promisify(execFile);
const MAVEN_TIMEOUT_MS = 15 * 60_000;
export const LIB_DIR = 'lib';

/** Writes `pom.xml` into `dir`, copies every runtime jar to `dir/lib`; returns their paths relative to `dir`. */
export async function fetchFromMaven(features: VersionInfo, dir: string): Promise<string[]> {
  const artifacts = runtimeArtifacts(features.version, features.prometheusMetrics);
  writeFileSync(join(dir, 'pom.xml'), renderResolverPom(features.version, artifacts));
  const args = [
    '-B',
    '-q',
    '-Dstyle.color=never',
    'dependency:copy-dependencies',
    `-DoutputDirectory=${LIB_DIR}`,
    '-DincludeScope=runtime',
  ];
  try {
    await run('mvn', args, { cwd: dir, timeout: MAVEN_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { stdout?: string; stderr?: string; killed?: boolean };
    if (e.code === 'ENOENT') {
      throw new DistributionError(
        'mvn (Apache Maven) was not found on PATH; install it, e.g. apt-get install maven',
      );
    }
    if (e.killed)
      throw new DistributionError(`mvn did not finish within ${MAVEN_TIMEOUT_MS / 60_000} minutes`);
    const summary = mavenFailureSummary(`${e.stdout ?? ''}\n${e.stderr ?? ''}`);
    throw new DistributionError(`Maven could not resolve ZooKeeper ${features.version}:\n${summary}`);
  }
  const libDir = join(dir, LIB_DIR);
  const all = readdirSync(libDir);
  const keep = selectJars(all);
  for (const name of all) if (!keep.includes(name)) rmSync(join(libDir, name), { force: true });
  return keep.map((name) => join(LIB_DIR, name));
}
