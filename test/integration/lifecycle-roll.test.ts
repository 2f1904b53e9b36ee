/**
 * Rolling a real local ensemble with the lifecycle engine: an upgrade from 3.8 to 3.9 by `zkop up -f`
 * with a changed version, a `zkop restart` with the leader last and exactly one leader change, a
 * member killed with SIGKILL during a roll, and a writer whose every acknowledged write is read back.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { restart } from '../../src/platform/local/commands/restart.ts';
import { status } from '../../src/platform/local/commands/status.ts';
import { up } from '../../src/platform/local/commands/up.ts';
import { readState } from '../../src/platform/local/state/state.ts';
import { epochOf } from '../../src/zk/zxid.ts';
import { missingWrites, startWriter, type Writer } from '../support/zookeeper-load.ts';
import { clientAddresses, scratch, srvrById } from './lifecycle-support.ts';

const OLD = '3.8.3';
const NEW = '3.9.4';
const name = 'rolled';
const dir = scratch('zkop-lc-roll-');
const { stateDir } = dir;
const spec = (version: string) =>
  `metadata: {name: ${name}}\nspec:\n  version: "${version}"\n  replicas: 3\n  jvm: {heap: 128Mi}\n`;
let writer: Writer;
const options = { stateDir, timeoutMs: 180_000 };

before(async () => {
  await up(dir.manifest('old.yaml', spec(OLD)), { stateDir });
  writer = await startWriter(clientAddresses(stateDir, name), '/roll-writes');
});

after(async () => {
  await writer?.stop();
  await dir.cleanup(name);
});

async function highestEpoch(): Promise<number> {
  const answers = [...(await srvrById(stateDir, name)).values()];
  return Math.max(...answers.map((a) => (a ? epochOf(a.zxid) : 0)));
}

test(`up -f with version ${NEW} upgrades a ${OLD} ensemble member by member`, async () => {
  const lines: string[] = [];
  const result = await up(dir.manifest('new.yaml', spec(NEW)), {
    stateDir,
    onProgress: (l) => lines.push(l),
  });
  assert.equal(result.outcome, 'reconciled');
  const versions = [...(await srvrById(stateDir, name)).values()].map((a) => a?.version);
  assert.deepEqual(versions, [NEW, NEW, NEW]);
  assert.equal(readState(stateDir, name)?.version, NEW);
  assert.equal(result.status.healthy, true);
  assert.equal(lines.filter((l) => /^upgrade: restart member \d$/.test(l)).length, 3, lines.join('\n'));
});

test(`up -f back to ${OLD} is refused (a downgrade across minors), changing nothing`, async () => {
  await assert.rejects(
    up(dir.manifest('old.yaml', spec(OLD)), { stateDir }),
    (error: Error & { kind?: string }) => {
      assert.equal(error.kind, 'invalid-input');
      assert.match(error.message, /downgrading ZooKeeper from 3\.9\.4 to 3\.8\.3/);
      return true;
    },
  );
  assert.equal(readState(stateDir, name)?.spec.version, NEW);
});

test('restart rolls followers first and the leader last, with exactly one leader change', async () => {
  const before = await status(name, stateDir);
  const leader = before.leader;
  assert.ok(leader !== null);
  const epoch = await highestEpoch();
  const lines: string[] = [];
  const result = await restart(name, { ...options, onProgress: (l) => lines.push(l) });
  assert.equal(result.end, 'done');
  const restarted = lines.flatMap((l) => /^restart: restart member (\d)$/.exec(l)?.[1] ?? []).map(Number);
  assert.equal(restarted.length, 3, lines.join('\n'));
  assert.equal(restarted.at(-1), leader, lines.join('\n'));
  // The leader's turn is a handoff: it is demoted first, so an up-to-date follower takes over.
  assert.ok(lines.includes(`restart: reconfig: demote member ${leader} as observer`), lines.join('\n'));
  const after = await status(name, stateDir);
  assert.equal(after.healthy, true);
  assert.ok(after.members.every((m, i) => m.pid !== before.members[i]?.pid));
  // Every election starts a new epoch: exactly one leader change.
  assert.equal(await highestEpoch(), epoch + 1);
});

test('a follower killed with SIGKILL during a roll is started again and the roll finishes', async () => {
  const before = await status(name, stateDir);
  let killed: number | undefined;
  const result = await restart(name, {
    ...options,
    onProgress: (line) => {
      const first = /^restart: restart member (\d)$/.exec(line);
      if (killed !== undefined || !first) return;
      const victim = before.members.find((m) => m.role !== 'leader' && m.id !== Number(first[1]));
      assert.ok(victim?.pid);
      process.kill(victim.pid, 'SIGKILL');
      killed = victim.id;
    },
  });
  assert.ok(killed !== undefined);
  assert.equal(result.end, 'done');
  const after = await status(name, stateDir);
  assert.equal(after.healthy, true);
  const state = readState(stateDir, name);
  const token = state?.lifecycle?.restartToken;
  assert.ok(Object.values(state?.lifecycle?.members ?? {}).every((m) => m.restartToken === token));
});

test('every write acknowledged during the upgrade and the rolls is read back', async () => {
  const report = await writer.stop();
  assert.ok(report.acknowledged.length > 100, `only ${report.acknowledged.length} writes`);
  assert.deepEqual(
    await missingWrites(clientAddresses(stateDir, name), '/roll-writes', report.acknowledged),
    [],
  );
});
