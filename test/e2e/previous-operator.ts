/**
 * zkop as it was one commit ago (ZKOP_UPGRADE_FROM names another commit): its chart and its operator
 * image, built in a worktree under .cache/upgrade-from/ the way Buildah users build it, from that
 * commit's `deploy/image/Containerfile` and the context its `build.sh --context` writes, tagged
 * `previous` so that it and the current build (`npm run image`) can both be loaded. Worktrees of
 * other commits are removed.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { root, run } from '../cluster/cluster.ts';
import { isolatedBuildah } from '../support/buildah.ts';

export const PREVIOUS_TAG = 'previous';

export interface PreviousOperator {
  readonly commit: string;
  /** The chart directory of that commit. */
  readonly chart: string;
  /** Its image, `zkop.dev/operator:previous`, as an OCI archive to load (cached per commit). */
  readonly archive: string;
}

const git = (...args: string[]): string => {
  const result = run('git', ['-C', root, ...args]);
  assert.equal(result.code, 0, `git ${args.join(' ')} failed:\n${result.stderr}`);
  return result.stdout.trim();
};

const IMAGE = 'zkop.dev/operator';

export async function buildPreviousOperator(): Promise<PreviousOperator> {
  const commit = git('rev-parse', `${process.env.ZKOP_UPGRADE_FROM ?? 'HEAD~1'}^{commit}`);
  const trees = join(root, '.cache', 'upgrade-from');
  const tree = join(trees, commit);
  for (const other of existsSync(trees) ? readdirSync(trees) : []) {
    if (other.startsWith(commit)) continue;
    if (/^[0-9a-f]{40}$/.test(other)) git('worktree', 'remove', '--force', join(trees, other));
    else rmSync(join(trees, other), { recursive: true, force: true });
  }
  if (!existsSync(tree)) git('worktree', 'add', '--detach', '--force', tree, commit);
  const chart = join(tree, 'deploy', 'helm', 'zkop');
  const archive = join(trees, `${commit}.tar`);
  if (existsSync(archive)) return { commit, chart, archive };
  assert.ok(
    existsSync(join(tree, 'deploy', 'image', 'Containerfile')),
    `commit ${commit} has no deploy/image/Containerfile to build its image from`,
  );
  linkDependencies(tree, commit);
  const context = join(trees, 'context');
  const built = run(
    'bash',
    [join(tree, 'deploy', 'image', 'build.sh'), '--context', context],
    undefined,
    1_800_000,
    {
      IMAGE_TAG: PREVIOUS_TAG,
      ZKOP_IMAGE_CACHE: join(root, '.cache', 'image-previous'),
    },
  );
  assert.equal(built.code, 0, `the build context of commit ${commit} was not written:\n${built.stderr}`);
  const buildah = await isolatedBuildah(join(trees, 'buildah'));
  try {
    buildah.shell(built.stdout.trim().split('\n').at(-1) ?? '');
    const ref = `${IMAGE}:${PREVIOUS_TAG}`;
    buildah.run(['push', '--quiet', ref, `oci-archive:${archive}.part:${ref}`]);
    run('mv', [`${archive}.part`, archive]);
  } finally {
    buildah.close();
    rmSync(context, { recursive: true, force: true });
  }
  return { commit, chart, archive };
}

/** Node 24 and the npm dependencies build.sh compiles with: this checkout's, unless the lock file differs. */
function linkDependencies(tree: string, commit: string): void {
  if (!existsSync(join(tree, '.tools'))) symlinkSync(join(root, '.tools'), join(tree, '.tools'));
  if (existsSync(join(tree, 'node_modules'))) return;
  const lock = (dir: string) => readFileSync(join(dir, 'package-lock.json'), 'utf8');
  if (lock(tree) === lock(root)) {
    symlinkSync(join(root, 'node_modules'), join(tree, 'node_modules'));
    return;
  }
  const installed = run(
    'npm',
    ['install', '--no-save', '--ignore-scripts', '--no-audit', '--no-fund', '--prefix', tree],
    undefined,
    600_000,
  );
  assert.equal(installed.code, 0, `npm install for commit ${commit} failed:\n${installed.stderr}`);
}
