import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import packageJson from '../package.json' with { type: 'json' };
import { buildInfo, embeddedRevision, gitRevision, ZKOP_VERSION } from './build-info.ts';

const root = join(import.meta.dirname, '..');
const git = (dir: string, ...args: string[]) =>
  execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();

test('the version is the package version', () => {
  assert.equal(ZKOP_VERSION, packageJson.version);
  assert.equal(buildInfo().version, packageJson.version);
});

test('run from a checkout, the revision is its commit (marked -dirty when tracked files changed)', () => {
  const commit = git(root, 'rev-parse', 'HEAD');
  assert.match(commit, /^[0-9a-f]{40}$/);
  assert.match(buildInfo().revision, new RegExp(`^${commit}(-dirty)?$`));
  assert.equal(buildInfo().revision, gitRevision(root));
});

test('a checkout with changed tracked files is dirty; outside a checkout the revision is unknown', () => {
  const dir = mkdtempSync(join(tmpdir(), 'zkop-build-info-'));
  try {
    assert.equal(gitRevision(dir), 'unknown');
    git(dir, 'init', '-q');
    writeFileSync(join(dir, 'a'), '1');
    git(dir, 'add', 'a');
    git(dir, '-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'a');
    const commit = git(dir, 'rev-parse', 'HEAD');
    assert.equal(gitRevision(dir), commit);
    writeFileSync(join(dir, 'b'), 'untracked files do not count');
    assert.equal(gitRevision(dir), commit);
    writeFileSync(join(dir, 'a'), '2');
    assert.equal(gitRevision(dir), `${commit}-dirty`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an image reads the revision its build embedded in build-info.json', () => {
  const dir = mkdtempSync(join(tmpdir(), 'zkop-build-info-'));
  try {
    const file = join(dir, 'build-info.json');
    assert.equal(embeddedRevision(file), undefined);
    writeFileSync(file, JSON.stringify({ revision: '0123abc' }));
    assert.equal(embeddedRevision(file), '0123abc');
    writeFileSync(file, '{"revision": ""}');
    assert.equal(embeddedRevision(file), undefined);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('`zkop version` prints the version and the revision', () => {
  const json = JSON.parse(
    execFileSync(join(root, 'scripts/node'), [join(root, 'src/cli/main.ts'), 'version', '-o', 'json'], {
      encoding: 'utf8',
    }),
  ) as { zkop: string; revision: string };
  assert.deepEqual({ version: json.zkop, revision: json.revision }, buildInfo());
  const text = execFileSync(join(root, 'scripts/node'), [join(root, 'src/cli/main.ts'), 'version'], {
    encoding: 'utf8',
  });
  assert.match(text, new RegExp(`^zkop ${ZKOP_VERSION} \\(revision ${buildInfo().revision}\\)\\n`));
});
