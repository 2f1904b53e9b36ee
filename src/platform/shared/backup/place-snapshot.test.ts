import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { placeSnapshot } from './place-snapshot.ts';
import { storeWithSnapshot } from './testing/snapshot-store.ts';

const root = mkdtempSync(join(tmpdir(), 'zkop-place-'));
after(() => rmSync(root, { recursive: true, force: true }));

const snapshotBackup = (version?: string) => storeWithSnapshot(root, version);

const member = (name: string) => {
  const dataDir = join(root, name);
  mkdirSync(dataDir, { recursive: true });
  return { version: '3.9.4', dataDir, dataLogDir: dataDir };
};

test('a verified snapshot becomes snapshot.<last zxid> in an empty data directory', async () => {
  const { store, manifest } = await snapshotBackup();
  const target = member('empty');
  const placed = await placeSnapshot(store, manifest, target);
  assert.deepEqual(placed, { placed: join(target.dataDir, 'version-2', 'snapshot.30000002a') });
  assert.equal(
    readFileSync(join(target.dataDir, 'version-2', 'snapshot.30000002a'), 'utf8'),
    'the snapshot bytes',
  );
  assert.deepEqual(readdirSync(target.dataDir), ['version-2']);
});

test('a data directory or log directory that holds data is kept as it is', async () => {
  const { store, manifest } = await snapshotBackup();
  const target = { ...member('holding'), dataLogDir: join(root, 'holding-log') };
  mkdirSync(join(target.dataLogDir, 'version-2'), { recursive: true });
  writeFileSync(join(target.dataLogDir, 'version-2', 'log.100000001'), 'a log');
  const kept = await placeSnapshot(store, manifest, target);
  assert.ok('kept' in kept && kept.kept.includes('holding-log/version-2 holds data'), JSON.stringify(kept));
  assert.deepEqual(readdirSync(target.dataDir), []);
});

test('a snapshot of another minor version, or a tampered one, is refused and nothing is placed', async () => {
  const old = await snapshotBackup('3.8.4');
  const target = member('refused');
  await assert.rejects(placeSnapshot(old.store, old.manifest, target), /same minor version/);
  const { store, manifest } = await snapshotBackup();
  writeFileSync(join(root, store.url.slice(root.length + 1), manifest.id, manifest.payload), 'altered');
  await assert.rejects(placeSnapshot(store, manifest, target), /does not match its manifest/);
  assert.deepEqual(readdirSync(target.dataDir), []);
});
