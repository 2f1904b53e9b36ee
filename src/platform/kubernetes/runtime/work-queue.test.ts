import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeClock, settle } from '../testing/fake-clock.ts';
import { WorkQueue } from './work-queue.ts';

function gate() {
  let open: () => void = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

const queueWith = (clock = new FakeClock()) =>
  new WorkQueue({ clock, random: () => 1, backoff: { initialMs: 100, maxMs: 1000 } });

test('pending keys are deduplicated', async () => {
  const queue = queueWith();
  const seen: string[] = [];
  queue.add('a');
  queue.add('a');
  queue.add('b');
  assert.equal(queue.depth, 2);
  queue.run(async (key) => {
    seen.push(key);
    return undefined;
  });
  await settle();
  assert.deepEqual(seen, ['a', 'b']);
  await queue.shutdown();
});

test('a key runs on one worker at a time; added while running, it runs once more after', async () => {
  const queue = queueWith();
  const first = gate();
  let running = 0;
  let maxRunning = 0;
  let runs = 0;
  queue.run(async () => {
    running += 1;
    maxRunning = Math.max(maxRunning, running);
    runs += 1;
    if (runs === 1) await first.opened;
    running -= 1;
    return undefined;
  }, 4);
  queue.add('a');
  await settle();
  queue.add('a');
  queue.add('a');
  await settle();
  assert.equal(runs, 1, 'the second run waits for the first');
  first.open();
  await settle();
  assert.equal(runs, 2);
  assert.equal(maxRunning, 1);
  await queue.shutdown();
});

test('failures retry with per-key exponential backoff; a success resets it', async () => {
  const clock = new FakeClock();
  const queue = queueWith(clock);
  const runs: number[] = [];
  let fail = 3;
  queue.run(async () => {
    runs.push(clock.now());
    if (fail-- > 0) throw new Error('API down');
    return undefined;
  });
  const start = clock.now();
  queue.add('a');
  await settle();
  await clock.advance(100);
  await clock.advance(200);
  await clock.advance(400);
  assert.deepEqual(
    runs.map((t) => t - start),
    [0, 100, 300, 700],
  );
  assert.equal(queue.failures('a'), 0);
  await queue.shutdown();
});

test('requeueAfter runs the key again after the delay', async () => {
  const clock = new FakeClock();
  const queue = queueWith(clock);
  let runs = 0;
  queue.run(async () => {
    runs += 1;
    return runs === 1 ? { requeueAfterMs: 5000 } : undefined;
  });
  queue.add('a');
  await settle();
  assert.equal(queue.delayed, 1);
  await clock.advance(4999);
  assert.equal(runs, 1);
  await clock.advance(1);
  assert.equal(runs, 2);
  await queue.shutdown();
});

test('an earlier delay for the same key wins', async () => {
  const clock = new FakeClock();
  const queue = queueWith(clock);
  const seen: number[] = [];
  queue.run(async () => {
    seen.push(clock.now());
    return undefined;
  });
  const start = clock.now();
  queue.addAfter('a', 1000);
  queue.addAfter('a', 300);
  queue.addAfter('a', 2000);
  await clock.advance(3000);
  assert.deepEqual(
    seen.map((t) => t - start),
    [300],
  );
  await queue.shutdown();
});

test('shutdown waits for running handlers, drops pending and delayed keys, takes no new ones', async () => {
  const clock = new FakeClock();
  const queue = queueWith(clock);
  const slow = gate();
  const seen: string[] = [];
  queue.run(async (key) => {
    seen.push(key);
    if (key === 'a') await slow.opened;
    return undefined;
  });
  queue.add('a');
  await settle();
  queue.add('b');
  queue.addAfter('c', 10);
  let done = false;
  const stopping = queue.shutdown().then(() => {
    done = true;
  });
  queue.add('d');
  await settle();
  assert.equal(done, false, 'waits for the running handler');
  slow.open();
  await stopping;
  await clock.advance(100);
  assert.deepEqual(seen, ['a']);
});
