/**
 * zkop as it was one commit ago (ZKOP_UPGRADE_FROM names another commit): its chart and its operator
 * image, built by that commit's own recipe (`deploy/image/build.sh`) in a worktree under
 * .cache/upgrade-from/, tagged `previous` so that it and the current build can both be loaded.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { root, run } from '../cluster/cluster.ts';

export const PREVIOUS_TAG = 'previous';

export interface PreviousOperator {
  readonly commit: string;
  /** The chart directory of that commit. */
  readonly chart: string;
  /** Its image, `zkop.dev/operator:previous`, as an OCI archive to load. */
  readonly archive: string;
}

const git = (...args: string[]): string => {
  const result = run('git', ['-C', root, ...args]);
  assert.equal(result.code, 0, `git ${args.join(' ')} failed:\n${result.stderr}`);
  return result.stdout.trim();
};

export function buildPreviousOperator(): PreviousOperator {
  const commit = git('rev-parse', `${process.env.ZKOP_UPGRADE_FROM ?? 'HEAD~1'}^{commit}`);
  const tree = join(root, '.cache', 'upgrade-from', commit);
  if (!existsSync(tree)) git('worktree', 'add', '--detach', '--force', tree, commit);
  const recipe = join(tree, 'deploy', 'image', 'build.sh');
  assert.ok(existsSync(recipe), `commit ${commit} has no deploy/image/build.sh to build its image with`);
  if (!existsSync(join(tree, '.tools'))) symlinkSync(join(root, '.tools'), join(tree, '.tools'));
  if (!existsSync(join(tree, 'node_modules'))) {
    const lock = (dir: string) => readFileSync(join(dir, 'package-lock.json'), 'utf8');
    if (lock(tree) === lock(root)) symlinkSync(join(root, 'node_modules'), join(tree, 'node_modules'));
    else {
      const installed = run(
        'npm',
        ['install', '--no-save', '--ignore-scripts', '--no-audit', '--no-fund', '--prefix', tree],
        undefined,
        600_000,
      );
      assert.equal(installed.code, 0, `npm install for commit ${commit} failed:\n${installed.stderr}`);
    }
  }
  const built = run('bash', [recipe], undefined, 1_800_000, {
    IMAGE_TAG: PREVIOUS_TAG,
    ZKOP_IMAGE_CACHE: join(root, '.cache', 'image-previous'),
  });
  assert.equal(built.code, 0, `the image of commit ${commit} did not build:\n${built.stderr}`);
  return {
    commit,
    chart: join(tree, 'deploy', 'helm', 'zkop'),
    archive: built.stdout.trim().split('\n').at(-1) ?? '',
  };
}
