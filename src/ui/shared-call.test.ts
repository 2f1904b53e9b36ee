import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sharedCall } from './shared-call.ts';

test('calls made while one is under way share it; the next call starts anew', async () => {
  let calls = 0;
  const shared = sharedCall(async () => ++calls);
  assert.deepEqual(await Promise.all([shared(), shared(), shared()]), [1, 1, 1]);
  assert.equal(await shared(), 2);
});

test('a failed call is not kept', async () => {
  let calls = 0;
  const shared = sharedCall(async () => {
    calls++;
    if (calls === 1) throw new Error('first fails');
    return calls;
  });
  await assert.rejects(shared(), /first fails/);
  assert.equal(await shared(), 2);
});
