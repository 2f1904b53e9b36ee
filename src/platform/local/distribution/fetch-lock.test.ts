import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { withFetchLock } from './fetch-lock.ts';

const dir = mkdtempSync(join(tmpdir(), 'zkop-lock-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('a second holder waits until the first is done', async () => {
  const lock = join(dir, 'a.lock');
  const events: string[] = [];
  let waited = false;
  const first = withFetchLock(
    lock,
    5000,
    () => {},
    async () => {
      events.push('first start');
      await sleep(300);
      events.push('first end');
    },
  );
  const second = withFetchLock(
    lock,
    5000,
    () => (waited = true),
    async () => {
      events.push('second');
    },
  );
  await Promise.all([first, second]);
  assert.deepEqual(events, ['first start', 'first end', 'second']);
  assert.equal(waited, true);
  assert.equal(existsSync(lock), false, 'the lock is released');
});

test('the lock is released when the work fails', async () => {
  const lock = join(dir, 'b.lock');
  await assert.rejects(
    withFetchLock(
      lock,
      1000,
      () => {},
      async () => {
        throw new Error('boom');
      },
    ),
    /boom/,
  );
  assert.equal(existsSync(lock), false);
});

test('a lock left by a process that is gone is taken over', async () => {
  const lock = join(dir, 'c.lock');
  const dead = spawnSync('true').pid;
  writeFileSync(lock, JSON.stringify({ pid: dead }));
  assert.equal(
    await withFetchLock(
      lock,
      1000,
      () => {},
      async () => 'ran',
    ),
    'ran',
  );
});

test('waiting on a live holder times out with the lock file named', async () => {
  const lock = join(dir, 'd.lock');
  writeFileSync(lock, JSON.stringify({ pid: process.pid }));
  await assert.rejects(
    withFetchLock(
      lock,
      300,
      () => {},
      async () => 'never',
    ),
    /d\.lock.*held by pid/,
  );
  rmSync(lock);
});
