import assert from 'node:assert/strict';
import { test } from 'node:test';
import { leaderLast } from './leader-last.ts';

test('observers go first, then followers, the leader last, each by id', () => {
  const members = [
    { id: 1, role: 'participant' as const },
    { id: 2, role: 'participant' as const },
    { id: 3, role: 'participant' as const },
    { id: 4, role: 'observer' as const },
  ];
  assert.deepEqual(
    leaderLast(members, 2).map((m) => m.id),
    [4, 1, 3, 2],
  );
  assert.deepEqual(
    leaderLast(members, undefined).map((m) => m.id),
    [4, 1, 2, 3],
  );
});
