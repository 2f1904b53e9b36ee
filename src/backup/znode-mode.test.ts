import assert from 'node:assert/strict';
import { test } from 'node:test';
import { znodeMode } from './znode-mode.ts';

test('ephemeralOwner tells persistent, container, TTL and ephemeral znodes apart', () => {
  assert.deepEqual(znodeMode(0n), { mode: 'persistent' });
  assert.deepEqual(znodeMode(-0x8000000000000000n), { mode: 'container' });
  assert.deepEqual(znodeMode(0x8000000000000000n), { mode: 'container' });
  assert.deepEqual(znodeMode(BigInt.asIntN(64, 0xff00000000002710n)), { mode: 'ttl', ttlMs: 10_000 });
  assert.deepEqual(znodeMode(0x10000a1b2c3d0001n), { mode: 'ephemeral' });
  // The top byte of a TTL owner with feature bits set is some server's session, not a TTL.
  assert.deepEqual(znodeMode(BigInt.asIntN(64, 0xff01000000002710n)), { mode: 'ephemeral' });
});
