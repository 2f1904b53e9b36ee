/**
 * Which zkop this is: the package version and the git revision it was built from. The operator image
 * carries the revision in `build-info.json` beside `package.json` (deploy/image/build.sh writes it);
 * run from a checkout, it is the checkout's commit, with `-dirty` when tracked files differ from it.
 * `zkop version` prints both, the operator exports them as `zkop_build_info` and records the version
 * in each ensemble's `status.operatorVersion`.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import packageJson from '../package.json' with { type: 'json' };

export interface BuildInfo {
  readonly version: string;
  /** A commit hash, `<hash>-dirty`, or `unknown` outside a checkout and without build-info.json. */
  readonly revision: string;
}

/** The package version: what `status.operatorVersion` records. */
export const ZKOP_VERSION: string = packageJson.version;

/** Beside package.json: the repository root in a checkout, /app in the image. */
const BUILD_INFO_FILE = fileURLToPath(new URL('../build-info.json', import.meta.url));
const PACKAGE_ROOT = fileURLToPath(new URL('..', import.meta.url));

let cached: BuildInfo | undefined;

/** The version and revision of this zkop (read once). */
export function buildInfo(): BuildInfo {
  cached ??= {
    version: ZKOP_VERSION,
    revision: embeddedRevision(BUILD_INFO_FILE) ?? gitRevision(PACKAGE_ROOT),
  };
  return cached;
}

/** The revision recorded in a build-info.json; undefined when there is none. */
export function embeddedRevision(file: string): string | undefined {
  try {
    const { revision } = JSON.parse(readFileSync(file, 'utf8')) as { revision?: unknown };
    return typeof revision === 'string' && revision ? revision : undefined;
  } catch {
    return undefined;
  }
}

/** The commit checked out in `dir` (`-dirty` when tracked files changed), or `unknown`. */
export function gitRevision(dir: string): string {
  const git = (...args: string[]) =>
    execFileSync('git', ['-C', dir, ...args], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  try {
    const commit = git('rev-parse', 'HEAD');
    return git('status', '--porcelain', '--untracked-files=no') ? `${commit}-dirty` : commit;
  } catch {
    return 'unknown';
  }
}
