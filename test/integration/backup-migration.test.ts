/**
 * Moving an ensemble zkop does not run into one it does: plain ZooKeeper 3.8.3 processes (started by
 * the test, not by zkop) are filled by kazoo, exported with `zkop export --servers`, and imported into
 * a zkop ensemble on 3.9.4 with `zkop import`; kazoo reads both trees and they are the same, byte for
 * byte, ACLs included. The same from a plain 3.7.2 server, the oldest version zkop knows.
 */
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { stopProcess } from '../../src/platform/local/process/process.ts';
import { readState } from '../../src/platform/local/state/state.ts';
import { startEnsemble, type TestEnsemble } from '../support/ensemble.ts';
import { ensureKazoo, kazooPython } from '../support/kazoo.ts';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');
const tree = join(root, 'test', 'support', 'kazoo-tree.py');
const stateDir = mkdtempSync(join(tmpdir(), 'zkop-migrate-'));
const exported = join(stateDir, 'exported');
const name = 'moved';
let source: TestEnsemble;

function zkop(...args: string[]) {
  const result = spawnSync(join(root, 'bin', 'zkop'), args, { encoding: 'utf8', timeout: 600_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const kazoo = async (...args: string[]) =>
  (await run(kazooPython, [tree, ...args], { timeout: 300_000, maxBuffer: 64 * 1024 * 1024 })).stdout;

before(async () => {
  await ensureKazoo();
  source = await startEnsemble({ members: 3, version: '3.8.3' });
  await kazoo('write', source.connectString, '/app', '300', '7');
});

after(async () => {
  await source?.stop();
  for (const p of Object.values(readState(stateDir, name)?.processes ?? {}))
    await stopProcess(p.pid, { startTime: p.startTime, graceMs: 2000 });
  rmSync(stateDir, { recursive: true, force: true });
});

test('a plain 3.8.3 ensemble exported and imported into a zkop 3.9.4 ensemble reads back the same', async () => {
  const auth = `super:${source.superPassword}`;
  const exportRun = zkop('export', '--servers', source.connectString, '--to', exported, '--auth', auth);
  assert.equal(exportRun.code, 0, exportRun.stderr);
  assert.match(exportRun.stdout, /logical backup of 127\.0\.0\.1:\d+.* \(ZooKeeper 3\.8\.3\).* 301 znodes/);

  writeFileSync(
    join(stateDir, 'zk.yaml'),
    `apiVersion: zookeeper.zkop.dev/v1alpha1\nkind: ZooKeeper\nmetadata: {name: ${name}}\nspec:\n  version: "3.9.4"\n  replicas: 1\n  jvm: {heap: 128Mi}\n`,
  );
  const up = zkop('up', '-f', join(stateDir, 'zk.yaml'), '--state-dir', stateDir);
  assert.equal(up.code, 0, up.stderr);
  const imported = zkop('import', name, '--from', exported, '--state-dir', stateDir);
  assert.equal(imported.code, 0, imported.stderr);
  assert.match(imported.stdout, /301 znodes created, 0 replaced/);

  const state = readState(stateDir, name);
  assert.ok(state);
  const target = state.members.map((m) => `127.0.0.1:${m.ports.client}`).join(',');
  const expected = await kazoo('dump', source.connectString, '/app', auth);
  assert.equal(expected.trim().split('\n').length, 301);
  assert.equal(await kazoo('dump', target, '/app', `super:${state.superPassword}`), expected);

  const again = zkop('import', name, '--from', exported, '--state-dir', stateDir);
  assert.equal(again.code, 1);
  assert.match(again.stderr, /301 znode\(s\) of the backup already exist .* nothing was written/);
});

test('a plain 3.7.2 server exports its subtree and it imports into the zkop ensemble the same', async () => {
  const old = await startEnsemble({ members: 1, version: '3.7.2' });
  try {
    const auth = `super:${old.superPassword}`;
    await kazoo('write', old.connectString, '/legacy', '120', '9');
    const to = join(stateDir, 'from-3.7');
    const exportRun = zkop(
      'export',
      '--servers',
      old.connectString,
      '--root',
      '/legacy',
      '--to',
      to,
      '--auth',
      auth,
    );
    assert.equal(exportRun.code, 0, exportRun.stderr);
    assert.match(exportRun.stdout, /\(ZooKeeper 3\.7\.2\).* 121 znodes/);
    const imported = zkop('import', name, '--from', to, '--state-dir', stateDir);
    assert.equal(imported.code, 0, imported.stderr);
    const state = readState(stateDir, name);
    assert.ok(state);
    const target = state.members.map((m) => `127.0.0.1:${m.ports.client}`).join(',');
    const expected = await kazoo('dump', old.connectString, '/legacy', auth);
    assert.equal(await kazoo('dump', target, '/legacy', `super:${state.superPassword}`), expected);
  } finally {
    await old.stop();
  }
});
