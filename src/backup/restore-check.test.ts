import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BackupManifest } from './manifest.ts';
import { nativeRestoreRefusal } from './restore-check.ts';

const snapshot = { id: 'b', kind: 'native', zookeeperVersion: '3.9.4' } as BackupManifest;

test('a snapshot restores into the same minor version only; a logical backup is not a snapshot', () => {
  assert.equal(nativeRestoreRefusal(snapshot, '3.9.4'), undefined);
  assert.equal(nativeRestoreRefusal({ ...snapshot, zookeeperVersion: '3.9.2' }, '3.9.4'), undefined);
  assert.match(nativeRestoreRefusal(snapshot, '3.8.3') ?? '', /same minor version \(3\.9\.x\) only/);
  assert.match(nativeRestoreRefusal({ ...snapshot, kind: 'logical' }, '3.9.4') ?? '', /logical backup/);
});
