import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { jarPaths, MARKER_FILE, newMarker, readValidMarker } from './marker.ts';

const home = mkdtempSync(join(tmpdir(), 'zkop-marker-'));
after(() => rmSync(home, { recursive: true, force: true }));

test('a complete distribution is recognised; a missing or empty jar or another version is not', () => {
  mkdirSync(join(home, 'lib'));
  writeFileSync(join(home, 'lib', 'a.jar'), 'jar');
  writeFileSync(join(home, 'lib', 'b.jar'), 'jar');
  const marker = newMarker('3.9.4', 'maven', 'logback', ['lib/a.jar', 'lib/b.jar']);
  assert.equal(readValidMarker(home, '3.9.4'), undefined, 'no marker yet');
  writeFileSync(join(home, MARKER_FILE), JSON.stringify(marker));
  assert.deepEqual(readValidMarker(home, '3.9.4'), marker);
  assert.deepEqual(jarPaths(home, marker), [join(home, 'lib/a.jar'), join(home, 'lib/b.jar')]);
  assert.equal(readValidMarker(home, '3.8.3'), undefined);
  writeFileSync(join(home, 'lib', 'b.jar'), '');
  assert.equal(readValidMarker(home, '3.9.4'), undefined, 'empty jar');
  rmSync(join(home, 'lib', 'b.jar'));
  assert.equal(readValidMarker(home, '3.9.4'), undefined, 'missing jar');
});

test('absolute jar paths (system packages) are kept as they are', () => {
  const marker = newMarker('3.8.0', 'debian', 'log4j', ['/usr/share/java/zookeeper.jar']);
  assert.deepEqual(jarPaths(home, marker), ['/usr/share/java/zookeeper.jar']);
});

test('a corrupt marker is not valid', () => {
  writeFileSync(join(home, MARKER_FILE), '{not json');
  assert.equal(readValidMarker(home, '3.9.4'), undefined);
});
