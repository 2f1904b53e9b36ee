/**
 * Scaling a real local ensemble with the lifecycle engine: voters 1 -> 3 -> 5 -> 3 -> 1 and
 * observers 0 -> 2 -> 0, each change checked in /zookeeper/config; a member killed with SIGKILL in
 * the middle of a scale; and a writer whose every acknowledged write is read back at the end.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { scale } from '../../src/platform/local/commands/scale.ts';
import { status } from '../../src/platform/local/commands/status.ts';
import { up } from '../../src/platform/local/commands/up.ts';
import { readState } from '../../src/platform/local/state/state.ts';
import { committedRoles, missingWrites, startWriter, type Writer } from '../support/zookeeper-load.ts';
import { clientAddresses, scratch } from './lifecycle-support.ts';

const name = 'scaled';
const dir = scratch('zkop-lc-scale-');
const { stateDir } = dir;
const manifest = dir.manifest(
  'zk.yaml',
  `metadata: {name: ${name}}\nspec:\n  version: "3.9.4"\n  replicas: 1\n  jvm: {heap: 128Mi}\n`,
);
const member1 = () => clientAddresses(stateDir, name, [1]);
let writer: Writer;
const progress: string[] = [];
const options = { stateDir, timeoutMs: 180_000, onProgress: (m: string) => progress.push(m) };

before(async () => {
  await up(manifest, { stateDir });
  // Member 1 votes in every shape of this test, so the writer always has a server.
  writer = await startWriter(member1(), '/scale-writes');
});

after(async () => {
  await writer?.stop();
  await dir.cleanup(name);
});

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

async function assertShape(replicas: number, observers: number) {
  const roles = await committedRoles(member1());
  assert.deepEqual(roles.participants, range(1, replicas), `voters for ${replicas}+${observers}`);
  assert.deepEqual(
    roles.observers,
    range(replicas + 1, replicas + observers),
    `observers for ${replicas}+${observers}`,
  );
  const now = await status(name, stateDir);
  assert.equal(now.healthy, true, JSON.stringify(now.members));
  assert.equal(now.members.length, replicas + observers);
  assert.equal(now.operation, undefined);
}

test('voters 1 -> 3 -> 5 -> 3, one member at a time, /zookeeper/config right after each', async () => {
  await assertShape(1, 0);
  for (const [i, replicas] of [3, 5, 3].entries()) {
    progress.length = 0;
    const result = await scale(name, { replicas }, options);
    assert.equal(result.end, 'done');
    await assertShape(replicas, 0);
    if (i === 0) {
      // From one voter, the second one's vote is needed for the new config: it joins listing
      // itself as participant (a non-voting follower until added); the third joins as observer.
      assert.ok(progress.includes('scale: start member 2'), progress.join('\n'));
      assert.ok(
        progress.indexOf('scale: start member 3 as observer') >
          progress.findIndex((l) => /add member 2/.test(l)),
        progress.join('\n'),
      );
    }
    if (i === 1) {
      assert.ok(progress.includes('scale: start member 4 as observer'), progress.join('\n'));
      assert.ok(
        progress.indexOf('scale: start member 5 as observer') >
          progress.findIndex((l) => /add member 4/.test(l)),
      );
    }
  }
  // Members that left had their storage deleted (deletionPolicy Delete).
  for (const id of [4, 5]) assert.equal(existsSync(join(stateDir, name, 'members', String(id))), false);
});

test('observers 0 -> 2 -> 0 next to 3 voters', async () => {
  await scale(name, { replicas: 3, observers: 2 }, options);
  await assertShape(3, 2);
  const roles = (await status(name, stateDir)).members.map((m) => m.role);
  assert.deepEqual(roles.slice(3), ['observer', 'observer']);
  await scale(name, { replicas: 3, observers: 0 }, options);
  await assertShape(3, 0);
});

test('a follower killed with SIGKILL during a scale is healed and the scale finishes', async () => {
  const before = await status(name, stateDir);
  const victim = before.members.find((m) => m.role === 'follower');
  assert.ok(victim?.pid);
  let killed = false;
  const result = await scale(
    name,
    { replicas: 5 },
    {
      ...options,
      onProgress: (line) => {
        progress.push(line);
        if (!killed && line === 'scale: start member 4 as observer') {
          process.kill(victim.pid as number, 'SIGKILL');
          killed = true;
        }
      },
    },
  );
  assert.ok(killed);
  assert.equal(result.end, 'done');
  await assertShape(5, 0);
  const back = (await status(name, stateDir)).members.find((m) => m.id === victim.id);
  assert.notEqual(back?.pid, victim.pid);
});

test('voters 5 -> 3 -> 1: the last one serves alone, the others are gone with their storage', async () => {
  for (const replicas of [3, 1]) {
    await scale(name, { replicas }, options);
    await assertShape(replicas, 0);
  }
  for (const id of [2, 3, 4, 5]) assert.equal(existsSync(join(stateDir, name, 'members', String(id))), false);
  assert.deepEqual(
    readState(stateDir, name)?.members.map((m) => m.id),
    [1],
  );
});

test('a spec the rules refuse (an even number of voters) changes nothing: exit code 2', async () => {
  await assert.rejects(scale(name, { replicas: 4 }, options), (error: Error & { kind?: string }) => {
    assert.equal(error.kind, 'invalid-input');
    assert.match(error.message, /invalid spec/);
    return true;
  });
  assert.equal(readState(stateDir, name)?.spec.replicas, 1);
});

test('every write acknowledged during the scales is read back', async () => {
  const report = await writer.stop();
  assert.ok(report.acknowledged.length > 100, `only ${report.acknowledged.length} writes`);
  assert.deepEqual(
    await missingWrites(clientAddresses(stateDir, name), '/scale-writes', report.acknowledged),
    [],
  );
});
