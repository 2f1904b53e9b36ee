import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { memberPaths } from '../state/state-layout.ts';
import { dropDataAside, putDataBack, setDataAside, snapshotFileOf } from './member-data-aside.ts';

const dir = mkdtempSync(join(tmpdir(), 'zkop-aside-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const paths = memberPaths(dir, 'zk', 1);

function withOldData() {
  mkdirSync(join(paths.data, 'version-2'), { recursive: true });
  mkdirSync(join(paths.datalog, 'version-2'), { recursive: true });
  writeFileSync(join(paths.data, 'version-2', 'snapshot.100000005'), 'old snapshot');
  writeFileSync(join(paths.datalog, 'version-2', 'log.100000001'), 'old log');
}

test('data set aside comes back in place of what a failed restore wrote, however often either runs', () => {
  withOldData();
  setDataAside(paths);
  setDataAside(paths);
  assert.equal(existsSync(join(paths.data, 'version-2', 'snapshot.100000005')), false);
  writeFileSync(snapshotFileOf(paths, 0x200000003n), 'restored');
  putDataBack(paths);
  putDataBack(paths);
  assert.equal(readFileSync(join(paths.data, 'version-2', 'snapshot.100000005'), 'utf8'), 'old snapshot');
  assert.equal(readFileSync(join(paths.datalog, 'version-2', 'log.100000001'), 'utf8'), 'old log');
  assert.equal(existsSync(snapshotFileOf(paths, 0x200000003n)), false);
});

test('once a restore is done the old data is dropped and the restored one stays', () => {
  setDataAside(paths);
  writeFileSync(snapshotFileOf(paths, 0x200000003n), 'restored');
  dropDataAside(paths);
  putDataBack(paths);
  assert.equal(readFileSync(snapshotFileOf(paths, 0x200000003n), 'utf8'), 'restored');
  assert.equal(existsSync(join(paths.root, 'restore-aside')), false);
});
