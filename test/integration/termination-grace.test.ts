/**
 * spec.terminationGracePeriodSeconds on this machine: zkop gives a member that long to exit after
 * SIGTERM, then kills it. A real ZooKeeper member exits well within 2 seconds; one that cannot act
 * on SIGTERM (stopped with SIGSTOP) is killed after the 2 seconds and not before.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { down } from '../../src/platform/local/commands/down.ts';
import { up } from '../../src/platform/local/commands/up.ts';
import { readState } from '../../src/platform/local/state/state.ts';
import { scratch } from './lifecycle-support.ts';

const name = 'graceful';
const dir = scratch('zkop-grace-');
const { stateDir } = dir;
const manifest = dir.manifest(
  'grace.yaml',
  `metadata: {name: ${name}}\nspec:\n  version: "3.9.4"\n  replicas: 1\n  jvm: {heap: 128Mi}\n  terminationGracePeriodSeconds: 2\n`,
);
const GRACE_MS = 2_000;

after(() => dir.cleanup(name));

async function timedDown() {
  const started = Date.now();
  const result = await down(name, { stateDir });
  return { stopped: result.stopped, ms: Date.now() - started };
}

test('a member exits on SIGTERM within the grace period', async () => {
  await up(manifest, { stateDir, timeoutMs: 120_000 });
  const { stopped, ms } = await timedDown();
  assert.deepEqual(
    stopped.map((s) => s.outcome),
    ['terminated'],
  );
  assert.ok(ms < GRACE_MS + 1_000, `down took ${ms} ms`);
});

test('a member that does not exit is killed once the grace period is over', async () => {
  await up(manifest, { stateDir, timeoutMs: 120_000 });
  const member = readState(stateDir, name)?.processes['1'];
  assert.ok(member);
  process.kill(member.pid, 'SIGSTOP');
  const { stopped, ms } = await timedDown();
  assert.deepEqual(
    stopped.map((s) => s.outcome),
    ['killed'],
  );
  assert.ok(ms >= GRACE_MS, `killed after ${ms} ms, before the grace period was over`);
  assert.ok(ms < GRACE_MS + 5_000, `down took ${ms} ms`);
});
