import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nextRun, parseCron } from './cron.ts';

const next = (cron: string, after: string) => nextRun(parseCron(cron), new Date(after))?.toISOString();

test('the next run is the first matching minute after the given time, in UTC', () => {
  assert.equal(next('* * * * *', '2025-01-01T10:00:30Z'), '2025-01-01T10:01:00.000Z');
  assert.equal(next('*/15 * * * *', '2025-01-01T10:00:00Z'), '2025-01-01T10:15:00.000Z');
  assert.equal(next('0 3 * * *', '2025-01-01T03:00:00Z'), '2025-01-02T03:00:00.000Z');
  assert.equal(next('30 2 1 * *', '2025-01-15T00:00:00Z'), '2025-02-01T02:30:00.000Z');
  assert.equal(next('0 0 * * 0', '2025-01-01T00:00:00Z'), '2025-01-05T00:00:00.000Z');
  assert.equal(next('0 0 * * 7', '2025-01-01T00:00:00Z'), '2025-01-05T00:00:00.000Z');
  assert.equal(next('0 9-17/4 * * 1-5', '2025-01-03T14:00:00Z'), '2025-01-03T17:00:00.000Z');
  assert.equal(next('0 9-17/4 * * 1-5', '2025-01-03T17:00:00Z'), '2025-01-06T09:00:00.000Z');
  assert.equal(next('0 0 29 2 *', '2025-01-01T00:00:00Z'), '2028-02-29T00:00:00.000Z');
});

test('with both day fields restricted a day matches either', () => {
  // The 13th, or any Friday: Friday 2025-01-03 comes first.
  assert.equal(next('0 0 13 * 5', '2025-01-01T00:00:00Z'), '2025-01-03T00:00:00.000Z');
});

test('a schedule that never fires has no next run; malformed ones are refused', () => {
  assert.equal(next('0 0 31 2 *', '2025-01-01T00:00:00Z'), undefined);
  assert.throws(() => parseCron('* * * *'), /needs 5 fields/);
  assert.throws(() => parseCron('60 * * * *'), /minute '60' is outside 0-59/);
  assert.throws(() => parseCron('* * * * mon'), /day of week 'mon'/);
});
