import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { readLogTail } from './log-tail.ts';

const dir = mkdtempSync(join(tmpdir(), 'zkop-tail-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const numbered = (n: number) => `${Array.from({ length: n }, (_, i) => `line ${i + 1}`).join('\n')}\n`;

test('returns the last lines', () => {
  const file = join(dir, 'a.log');
  writeFileSync(file, numbered(100));
  assert.equal(readLogTail(file, 3), 'line 98\nline 99\nline 100');
});

test('returns the whole of a short file', () => {
  const file = join(dir, 'b.log');
  writeFileSync(file, 'only\n');
  assert.equal(readLogTail(file, 10), 'only');
});

test('drops the partial line where the byte limit cuts', () => {
  const file = join(dir, 'c.log');
  writeFileSync(file, numbered(100));
  assert.equal(readLogTail(file, 50, 20), 'line 99\nline 100');
});

test('a missing file has no tail', () => {
  assert.equal(readLogTail(join(dir, 'missing.log'), 5), '');
});
