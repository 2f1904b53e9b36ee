import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allocateMembers } from './member-layout.ts';

test('numbers participants first, then observers, each with five distinct ports on 127.0.0.1', async () => {
  const members = await allocateMembers(3, 2);
  assert.deepEqual(
    members.map((m) => [m.id, m.kind, m.host]),
    [
      [1, 'participant', '127.0.0.1'],
      [2, 'participant', '127.0.0.1'],
      [3, 'participant', '127.0.0.1'],
      [4, 'observer', '127.0.0.1'],
      [5, 'observer', '127.0.0.1'],
    ],
  );
  const ports = members.flatMap((m) => Object.values(m.ports));
  assert.equal(new Set(ports).size, 25);
});
