import assert from 'node:assert/strict';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { distributionsDir, zkopCacheDir } from './cache-dir.ts';

test('ZKOP_CACHE_DIR, else XDG_CACHE_HOME/zkop, else ~/.cache/zkop', () => {
  assert.equal(zkopCacheDir({ ZKOP_CACHE_DIR: '/c', XDG_CACHE_HOME: '/x' }), '/c');
  assert.equal(zkopCacheDir({ XDG_CACHE_HOME: '/x' }), '/x/zkop');
  assert.equal(zkopCacheDir({}), join(homedir(), '.cache', 'zkop'));
  assert.equal(distributionsDir('/c'), '/c/zookeeper');
});
