import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { writeFileAtomic } from './atomic-file.ts';

const dir = mkdtempSync(join(tmpdir(), 'zkop-atomic-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('writes, replaces, and leaves no temporary file behind', () => {
  const file = join(dir, 'nested', 'state.json');
  writeFileAtomic(file, 'one');
  writeFileAtomic(file, 'two');
  assert.equal(readFileSync(file, 'utf8'), 'two');
  assert.deepEqual(readdirSync(join(dir, 'nested')), ['state.json']);
});

test('applies the requested mode', () => {
  const file = join(dir, 'secret.json');
  writeFileAtomic(file, '{}', 0o600);
  assert.equal(statSync(file).mode & 0o777, 0o600);
});

test('a failed write leaves the old content and no temporary file', () => {
  const file = join(dir, 'kept.txt');
  writeFileAtomic(file, 'old');
  assert.throws(() => writeFileAtomic(join(dir, 'kept.txt', 'child'), 'x'));
  assert.equal(readFileSync(file, 'utf8'), 'old');
  assert.deepEqual(
    readdirSync(dir).filter((f) => f.endsWith('.tmp')),
    [],
  );
});
