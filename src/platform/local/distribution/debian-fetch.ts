/**
 * The fallback when Maven cannot resolve: Debian's packaged ZooKeeper (bookworm ships 3.8.0).
 * Only the library packages are installed, not the `zookeeper` service package, so no system
 * daemon is started. `zookeeper.jar`'s manifest names its dependencies; the server additionally
 * needs an slf4j binding (else it logs nothing) and the servlet API (else no AdminServer).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { DistributionError } from './distribution.ts';

const run = promisify(execFile);

export const DEBIAN_ZOOKEEPER_VERSION = '3.8.0';
const PACKAGES = ['libzookeeper-java', 'libslf4j-java', 'liblog4j1.2-java', 'libservlet-api-java'];
const VERSIONED_JAR = `/usr/share/java/zookeeper-${DEBIAN_ZOOKEEPER_VERSION}.jar`;
export const DEBIAN_CLASSPATH = [
  '/usr/share/java/zookeeper.jar',
  '/usr/share/java/slf4j-log4j12.jar',
  '/usr/share/java/log4j-1.2.jar',
  '/usr/share/java/servlet-api.jar',
];

const installed = (): boolean => [VERSIONED_JAR, ...DEBIAN_CLASSPATH].every((jar) => existsSync(jar));

/** Installs the packages if needed (as root) and returns the classpath. */
export async function fetchFromDebian(onProgress: (message: string) => void): Promise<string[]> {
  if (installed()) return [...DEBIAN_CLASSPATH];
  const command = `apt-get install -y --no-install-recommends ${PACKAGES.join(' ')}`;
  if (process.getuid?.() !== 0) {
    throw new DistributionError(
      `Debian's ZooKeeper ${DEBIAN_ZOOKEEPER_VERSION} is not installed; run as root: ${command}`,
    );
  }
  onProgress(`installing Debian's ZooKeeper ${DEBIAN_ZOOKEEPER_VERSION}: ${command}`);
  try {
    await run('apt-get', ['install', '-y', '--no-install-recommends', ...PACKAGES], {
      timeout: 15 * 60_000,
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { stderr?: string };
    const why =
      e.code === 'ENOENT' ? 'apt-get was not found (not a Debian system?)' : (e.stderr ?? e.message).trim();
    throw new DistributionError(`installing Debian's ZooKeeper failed: ${why}`);
  }
  if (!installed()) {
    throw new DistributionError(
      `Debian's packages did not provide ZooKeeper ${DEBIAN_ZOOKEEPER_VERSION} (${VERSIONED_JAR} is missing)`,
    );
  }
  return [...DEBIAN_CLASSPATH];
}
