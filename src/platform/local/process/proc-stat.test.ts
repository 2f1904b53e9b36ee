import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseProcStat, readProcStat } from './proc-stat.ts';

test('parses state, ppid and start time, with spaces and parentheses in the command name', () => {
  const fields = Array.from({ length: 49 }, (_, i) => String(i + 3));
  fields[0] = 'S';
  fields[1] = '77';
  fields[19] = '123456';
  const stat = parseProcStat(`4242 (java (x) y) ${fields.join(' ')}\n`);
  assert.deepEqual(stat, { pid: 4242, comm: 'java (x) y', state: 'S', ppid: 77, startTime: 123456 });
});

test('refuses text that is not a stat line', () => {
  assert.equal(parseProcStat('nothing here'), undefined);
});

test('reads this process and reports a missing one as undefined', () => {
  const self = readProcStat(process.pid);
  assert.equal(self?.pid, process.pid);
  assert.ok((self?.startTime ?? 0) > 0);
  assert.equal(readProcStat(2 ** 22 + 1), undefined);
});
