import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { V1Pod } from '@kubernetes/client-node';
import type { MemberObservation } from '../../../engine/index.ts';
import { servedClientPorts } from './client-ports.ts';

const pod: V1Pod = {};
const pods = (...clientTls: boolean[]) => clientTls.map((tls) => ({ pod, clientTls: tls }));
const members = (...stale: boolean[]) => ({
  members: stale.map((s) =>
    s ? { addressStale: 'plain address on every interface' } : {},
  ) as MemberObservation[],
});

test('the plain client port stays exposed until every pod serves client TLS and every line moved to loopback', () => {
  // Turning on: a roll adds the secure port pod by pod, then reconfigs move the plain addresses.
  assert.deepEqual(servedClientPorts(true, pods(false, false, false), members()), {
    plain: true,
    secure: true,
  });
  assert.deepEqual(servedClientPorts(true, pods(true, true, true), members(false, true)), {
    plain: true,
    secure: true,
  });
  assert.deepEqual(servedClientPorts(true, pods(true, true, true), members(false, false)), {
    plain: false,
    secure: true,
  });
  // A new ensemble with client TLS never exposes the plain port.
  assert.deepEqual(servedClientPorts(true, [], members()), { plain: false, secure: true });
  // Turning off: the secure port stays while a pod still serves it.
  assert.deepEqual(servedClientPorts(false, pods(false, true), members()), { plain: true, secure: true });
  assert.deepEqual(servedClientPorts(false, pods(false, false), members()), { plain: true, secure: false });
  // A member without a pod serves nothing.
  assert.deepEqual(servedClientPorts(false, [{ pod: undefined, clientTls: true }], members()), {
    plain: true,
    secure: false,
  });
});
