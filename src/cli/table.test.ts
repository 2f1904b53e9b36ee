import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatDuration } from './format-status.ts';
import { renderTable } from './table.ts';

test('pads every column but the last to its widest cell', () => {
  assert.equal(
    renderTable(
      ['ID', 'ROLE', 'PID'],
      [
        ['1', 'follower', '12'],
        ['22', 'leader', '-'],
      ],
    ),
    'ID  ROLE      PID\n1   follower  12\n22  leader    -',
  );
});

test('durations read as seconds, minutes, hours or days', () => {
  assert.deepEqual([5, 65, 3 * 3600 + 4 * 60, 2 * 86_400 + 3600].map(formatDuration), [
    '5s',
    '1m05s',
    '3h04m',
    '2d01h',
  ]);
});
