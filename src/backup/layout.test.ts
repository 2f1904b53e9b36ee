import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backupId, idsWithManifest, isBackupId, manifestKey, payloadKey } from './layout.ts';
import { incompleteBecause } from './listing.ts';
import { parseManifest } from './manifest.ts';

test('a backup id is its start time and kind, and sorts oldest first', () => {
  const id = backupId('native', new Date('2025-01-02T03:04:05.123Z'));
  assert.equal(id, '20250102T030405123Z-native');
  assert.ok(isBackupId(id));
  assert.ok(backupId('logical', new Date('2025-01-02T03:04:06Z')) > id);
  assert.equal(manifestKey(id), `${id}/manifest.json`);
  assert.equal(payloadKey(id, 'snapshot.bin'), `${id}/snapshot.bin`);
});

test('only folders with a manifest are backups; stray files and foreign names are not', () => {
  const keys = [
    '20250102T030405123Z-native/snapshot.bin',
    '20250102T030405123Z-native/manifest.json',
    '20250101T000000000Z-logical/manifest.json',
    '20250103T000000000Z-native/snapshot.bin',
    'notes/manifest.json',
    'manifest.json',
  ];
  assert.deepEqual(idsWithManifest(keys), ['20250101T000000000Z-logical', '20250102T030405123Z-native']);
});

test('a backup is complete when its manifest names its folder and its payload has the size it says', () => {
  const manifest = parseManifest(
    JSON.stringify({
      formatVersion: 1,
      id: 'b',
      kind: 'logical',
      ensemble: 'zk',
      zookeeperVersion: '3.8.3',
      lastZxid: '0x0',
      size: 10,
      sha256: '0'.repeat(64),
      createdAt: 'now',
      durationMs: 1,
      payload: 'znodes.ndjson',
    }),
  );
  assert.equal(incompleteBecause('b', manifest, 10), undefined);
  assert.match(incompleteBecause('b', manifest, 9) ?? '', /9 bytes, the manifest says 10/);
  assert.match(incompleteBecause('b', manifest, undefined) ?? '', /missing/);
  assert.match(incompleteBecause('c', manifest, 10) ?? '', /names backup 'b'/);
});
