/**
 * zkop itself killed with SIGKILL at every step of a scale and of a roll, then run again: the end
 * state is right and no acknowledged write is lost. Also `zkop up -f` reconciling a changed
 * manifest, and `zkop up --watch` healing a killed member until interrupted. All through bin/zkop.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, test } from 'node:test';
import { readState } from '../../src/platform/local/state/state.ts';
import { committedRoles, missingWrites, startWriter, type Writer } from '../support/zookeeper-load.ts';
import { clientAddresses, eventually, scratch, ZKOP_BIN, zkopCommands } from './lifecycle-support.ts';

const name = 'resumed';
const dir = scratch('zkop-lc-resume-');
const { stateDir } = dir;
const base = `metadata: {name: ${name}}\nspec:\n  version: "3.9.4"\n  replicas: 3\n  jvm: {heap: 128Mi}\n`;
const manifest = dir.manifest('zk.yaml', base);
let writer: Writer;

const { zkop, statusJson, killAtEveryStep } = zkopCommands(stateDir, name);

before(async () => {
  const created = zkop('up', '-f', manifest);
  assert.equal(created.code, 0, created.stderr);
  writer = await startWriter(clientAddresses(stateDir, name, [1]), '/resume-writes');
});

after(async () => {
  await writer?.stop();
  await dir.cleanup(name);
});

test('zkop killed at every step of a scale 3 -> 5, run again each time: five voters in the end', async () => {
  const killedAt = await killAtEveryStep('scale', name, '--replicas', '5');
  assert.ok(killedAt.length >= 4, killedAt.join('\n'));
  assert.deepEqual(await committedRoles(clientAddresses(stateDir, name, [1])), {
    participants: [1, 2, 3, 4, 5],
    observers: [],
  });
  const status = statusJson();
  assert.equal(status.healthy, true);
  assert.equal(status.operation, undefined);
});

test('zkop killed at every step of a restart, run again each time: every member restarted once more', async () => {
  const before = readState(stateDir, name)?.lifecycle?.restartToken;
  const killedAt = await killAtEveryStep('restart', name);
  assert.ok(killedAt.length >= 5, killedAt.join('\n'));
  const lifecycle = readState(stateDir, name)?.lifecycle;
  assert.notEqual(lifecycle?.restartToken, before);
  assert.ok(Object.values(lifecycle?.members ?? {}).every((m) => m.restartToken === lifecycle?.restartToken));
  assert.equal(statusJson().healthy, true);
});

test('up -f with a changed manifest reconciles: back to 3 voters plus 1 observer', async () => {
  const changed = dir.manifest(
    'zk-observer.yaml',
    base.replace('replicas: 3', 'replicas: 3\n  observers: 1'),
  );
  const result = zkop('up', '-f', changed);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /changed to match the manifest/);
  assert.deepEqual(await committedRoles(clientAddresses(stateDir, name, [1])), {
    participants: [1, 2, 3],
    observers: [4],
  });
  assert.equal(zkop('up', '-f', changed).stdout.includes('already up, nothing to do'), true);
});

test('up --watch heals a member killed with SIGKILL, and stops cleanly on SIGINT', async () => {
  const changed = join(stateDir, 'zk-observer.yaml');
  const watcher = spawn(ZKOP_BIN, ['up', '-f', changed, '--watch', '--state-dir', stateDir], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const lines: string[] = [];
  createInterface({ input: watcher.stderr }).on('line', (line) => lines.push(line));
  const exited = new Promise<number | null>((resolve) => watcher.once('exit', (code) => resolve(code)));
  try {
    await eventually(() => lines.some((l) => l.startsWith('watching')), 60_000, 'the watch to start');
    const victim = statusJson().members.find((m) => m.id === 2);
    assert.ok(victim?.pid);
    process.kill(victim.pid, 'SIGKILL');
    await eventually(
      () => {
        const now = statusJson();
        const back = now.members.find((m) => m.id === 2);
        return now.healthy && back?.pid !== null && back?.pid !== victim.pid;
      },
      60_000,
      'member 2 to be healed',
    );
    watcher.kill('SIGINT');
    assert.equal(await exited, 0, lines.join('\n'));
    assert.ok(lines.includes('stopped watching resumed'), lines.join('\n'));
    assert.ok(lines.includes('heal: start member 2'), lines.join('\n'));
  } finally {
    watcher.kill('SIGKILL');
  }
});

test('every write acknowledged while zkop was killed and resumed is read back', async () => {
  const report = await writer.stop();
  assert.ok(report.acknowledged.length > 100, `only ${report.acknowledged.length} writes`);
  assert.deepEqual(
    await missingWrites(clientAddresses(stateDir, name), '/resume-writes', report.acknowledged),
    [],
  );
});
