import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type BackupManifest, encodeManifest, ManifestError, parseManifest } from './manifest.ts';

const manifest: BackupManifest = {
  formatVersion: 1,
  id: '20250102T030405123Z-native',
  kind: 'native',
  ensemble: 'zk',
  zookeeperVersion: '3.9.4',
  lastZxid: '0x100000004',
  size: 1234,
  sha256: 'a'.repeat(64),
  createdAt: '2025-01-02T03:04:05.123Z',
  durationMs: 40,
  payload: 'snapshot.bin',
};

test('a manifest reads back as written', () => {
  assert.deepEqual(parseManifest(encodeManifest(manifest)), manifest);
  const logical = { ...manifest, kind: 'logical' as const, znodes: 7 };
  assert.deepEqual(parseManifest(encodeManifest(logical)), logical);
});

test('a manifest with a missing or malformed field, another format version or no JSON is refused', () => {
  const broken = (change: Record<string, unknown>) => JSON.stringify({ ...manifest, ...change });
  assert.throws(() => parseManifest(broken({ sha256: 'xyz' })), /field 'sha256'/);
  assert.throws(() => parseManifest(broken({ size: -1 })), /field 'size'/);
  assert.throws(() => parseManifest(broken({ kind: 'tar' })), /field 'kind'/);
  assert.throws(() => parseManifest(broken({ lastZxid: '12' })), /field 'lastZxid'/);
  assert.throws(
    () => parseManifest(broken({ formatVersion: 2 })),
    /format version 2; this zkop reads format 1/,
  );
  assert.throws(() => parseManifest('{"formatVersion": 1'), ManifestError);
  assert.throws(() => parseManifest('[]'), /not a JSON object/);
});
