import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { memberPaths } from '../state/state-layout.ts';
import { heldConfig, memberDirIds, storageOf } from './member-files.ts';

const root = mkdtempSync(join(tmpdir(), 'zkop-member-files-'));
after(() => rmSync(root, { recursive: true, force: true }));
const paths = (id: number) => memberPaths(root, 'zk', id);

test('storage: none without a member dir, empty without snapshots or logs, data with them', () => {
  assert.equal(storageOf(paths(1)), 'none');
  mkdirSync(join(paths(1).data, 'version-2'), { recursive: true });
  assert.equal(storageOf(paths(1)), 'empty');
  mkdirSync(join(paths(1).datalog, 'version-2'), { recursive: true });
  assert.equal(storageOf(paths(1)), 'empty');
  writeFileSync(join(paths(1).datalog, 'version-2', 'log.100000001'), 'x');
  assert.equal(storageOf(paths(1)), 'data');
  assert.deepEqual(memberDirIds(join(root, 'zk', 'members')), [1]);
});

test('the held config: the file zoo.cfg points to, versioned by its name, 0 without one', () => {
  const p = paths(2);
  mkdirSync(p.conf, { recursive: true });
  const servers =
    'server.1=127.0.0.1:1:2:participant;127.0.0.1:3\nserver.2=127.0.0.1:4:5:observer;127.0.0.1:6\n';
  writeFileSync(join(p.conf, 'zoo.cfg.dynamic.100000003'), servers);
  writeFileSync(p.zooCfg, `tickTime=2000\ndynamicConfigFile=${join(p.conf, 'zoo.cfg.dynamic.100000003')}\n`);
  assert.deepEqual(heldConfig(p), {
    version: 0x100000003n,
    members: [
      { id: 1, role: 'participant' },
      { id: 2, role: 'observer' },
    ],
  });
  writeFileSync(join(p.conf, 'zoo.cfg.dynamic'), servers);
  writeFileSync(p.zooCfg, `dynamicConfigFile=${join(p.conf, 'zoo.cfg.dynamic')}\n`);
  assert.equal(heldConfig(p)?.version, 0n);
  assert.equal(heldConfig(paths(3)), undefined);
});
