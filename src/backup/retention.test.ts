import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BackupManifest } from './manifest.ts';
import { expiredBackups, parseAge } from './retention.ts';

const at = (id: string, createdAt: string) => ({ id, createdAt }) as BackupManifest;
const backups = [
  at('a', '2025-01-01T00:00:00Z'),
  at('b', '2025-01-02T00:00:00Z'),
  at('c', '2025-01-03T00:00:00Z'),
  at('d', '2025-01-04T00:00:00Z'),
];
const now = new Date('2025-01-04T12:00:00Z');

test('retention deletes beyond the newest N and older than the age, oldest first', () => {
  assert.deepEqual(expiredBackups(backups, { keep: 2 }, now), ['a', 'b']);
  assert.deepEqual(expiredBackups(backups, { maxAgeMs: parseAge('2d') }, now), ['a', 'b']);
  assert.deepEqual(expiredBackups(backups, { keep: 3, maxAgeMs: parseAge('3d') }, now), ['a']);
  assert.deepEqual(expiredBackups(backups, {}, now), []);
});

test('the newest backup is kept whatever the policy says', () => {
  assert.deepEqual(expiredBackups(backups, { keep: 0, maxAgeMs: 1 }, now), ['a', 'b', 'c']);
});

test('ages are minutes, hours or days', () => {
  assert.equal(parseAge('30m'), 1_800_000);
  assert.equal(parseAge('12h'), 43_200_000);
  assert.throws(() => parseAge('1w'), /not an age/);
});
