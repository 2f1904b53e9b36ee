import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allocateMembers, withSecureClientPort } from './member-layout.ts';

test('numbers participants first, then observers, each with six distinct ports (the secure client port too) on 127.0.0.1', async () => {
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
  assert.equal(new Set(ports).size, 30);
});

test('a member recorded without a secure client port gets a free one; one with a port keeps it', async () => {
  const [member] = await allocateMembers(1, 0);
  assert.ok(member?.ports.secureClient);
  assert.equal(await withSecureClientPort(member), member);
  const { secureClient: _, ...older } = member.ports;
  const given = await withSecureClientPort({ ...member, ports: older });
  assert.ok(given.ports.secureClient && !Object.values(older).includes(given.ports.secureClient));
});
