import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyDefaults } from '../../../api/defaults.ts';
import type { Desired, MemberObservation, Observation } from '../../../engine/index.ts';
import { describeOperation, plan } from '../../../engine/index.ts';
import { computeStatus, refusedStatus } from './compute-status.ts';
import { recordedConfig } from './recorded-config.ts';
import { invalidSpecMessage } from './validate.ts';

const spec = applyDefaults({ version: '3.9.4' });
const desired: Desired = {
  replicas: 3,
  observers: 0,
  version: '3.9.4',
  configHash: 'h',
  restartToken: '',
  paused: false,
  leaderHandoff: true,
  removedStorage: 'delete',
  quorumTls: 'plaintext',
  quorumSasl: 'off',
};

const member = (id: number, over: Partial<MemberObservation> = {}): MemberObservation => ({
  id,
  running: true,
  serving: true,
  mode: id === 1 ? 'leader' : 'follower',
  synced: true,
  version: '3.9.4',
  configHash: 'h',
  restartToken: '',
  quorumTls: 'plaintext',
  quorumSasl: 'off',
  storage: 'data',
  dataLost: false,
  ...over,
});

const config = {
  version: 0x100000000n,
  members: [1, 2, 3].map((id) => ({ id, role: 'participant' as const })),
  live: true,
};

function statusOf(
  observation: Observation,
  previous?: ReturnType<typeof computeStatus>,
  now = '2026-01-01T00:00:00Z',
) {
  const p = plan(desired, observation);
  return computeStatus({
    name: 'zk',
    namespace: 'demo',
    generation: 4,
    spec,
    observation,
    plan: p,
    operation: describeOperation(desired, observation, p.step),
    previous,
    now,
  });
}

test('a healthy ensemble is Running and Ready with its members, leader, config version and endpoints', () => {
  const status = statusOf({ members: [member(1), member(2), member(3)], config, leader: 1 });
  assert.equal(status.phase, 'Running');
  assert.equal(status.observedGeneration, 4);
  assert.equal(status.leader, 'zk-0');
  assert.equal(status.readyMembers, '3/3');
  assert.equal(status.configVersion, '0x100000000');
  assert.deepEqual(
    status.conditions?.map((c) => [c.type, c.status, c.reason]),
    [
      ['Ready', 'True', 'AllMembersServing'],
      ['Available', 'True', 'QuorumServing'],
      ['Progressing', 'False', 'Idle'],
      ['Degraded', 'False', 'Healthy'],
    ],
  );
  assert.deepEqual(status.endpoints, {
    client: 'zk-client.demo.svc:2181',
    admin: `http://zk-admin.demo.svc:${spec.ports.admin}/commands`,
  });
});

test('a member down: not Ready, still Available, Degraded while healing, and the status says what it waits for', () => {
  const status = statusOf({
    members: [
      member(1),
      member(2),
      member(3, { running: false, serving: false, mode: 'unknown', synced: false }),
    ],
    config,
    leader: 1,
  });
  const byType = Object.fromEntries(status.conditions?.map((c) => [c.type, c]) ?? []);
  assert.equal(byType.Ready?.status, 'False');
  assert.equal(byType.Available?.status, 'True');
  assert.equal(byType.Degraded?.status, 'True');
  assert.equal(status.readyMembers, '2/3');
  assert.equal(status.members?.[2]?.state, 'stopped');
  assert.equal(status.phase, 'Degraded');
  assert.ok(status.operation?.step || status.operation?.waitingFor);
});

test('a condition keeps its transition time while its status stays, so the status does not change', () => {
  const observation = { members: [member(1), member(2), member(3)], config, leader: 1 };
  const first = statusOf(observation, undefined, '2026-01-01T00:00:00Z');
  const again = statusOf(observation, first, '2026-01-01T01:00:00Z');
  assert.deepEqual(again, first);
  const down = statusOf(
    {
      ...observation,
      members: [member(1), member(2), member(3, { serving: false, synced: false, mode: 'looking' })],
    },
    first,
    '2026-01-01T02:00:00Z',
  );
  assert.equal(down.conditions?.find((c) => c.type === 'Ready')?.lastTransitionTime, '2026-01-01T02:00:00Z');
  assert.equal(
    down.conditions?.find((c) => c.type === 'Available')?.lastTransitionTime,
    '2026-01-01T00:00:00Z',
  );
});

test('an operation carries the time it began while it goes on, and an idle ensemble none', () => {
  const healthy = { members: [member(1), member(2), member(3)], config, leader: 1 };
  const idle = statusOf(healthy);
  assert.equal(idle.operation?.startedAt, undefined);
  const stale = { ...healthy, members: [member(1), member(2), member(3, { configHash: 'old' })] };
  const begun = statusOf(stale, idle, '2026-01-01T01:00:00Z');
  assert.equal(begun.operation?.type, 'Restart');
  assert.equal(begun.operation?.startedAt, '2026-01-01T01:00:00Z');
  const later = statusOf(stale, begun, '2026-01-01T01:05:00Z');
  assert.equal(later.operation?.startedAt, '2026-01-01T01:00:00Z');
  assert.equal(statusOf(healthy, later, '2026-01-01T01:10:00Z').operation?.startedAt, undefined);
});

test('a new ensemble is not Degraded while its first members start', () => {
  // The engine plans without a config; the status shows the initial one the first start records.
  const observation: Observation = {
    members: [member(1, { serving: false, mode: 'looking', storage: 'empty' })],
    config: undefined,
    leader: undefined,
  };
  const p = plan(desired, observation);
  const status = computeStatus({
    name: 'zk',
    namespace: 'demo',
    generation: 1,
    spec,
    observation: { ...observation, config: { ...config, version: 0n, live: false } },
    plan: p,
    operation: describeOperation(desired, observation, p.step),
    previous: undefined,
    now: '2026-01-01T00:00:00Z',
  });
  assert.equal(status.phase, 'Creating');
  assert.equal(status.conditions?.find((c) => c.type === 'Available')?.status, 'False');
  assert.equal(status.conditions?.find((c) => c.type === 'Degraded')?.status, 'False');
});

test('an invalid spec is Failed with every error in the message', () => {
  const message = invalidSpecMessage([{ path: 'spec.replicas', message: 'must be odd' }]);
  const status = refusedStatus(2, 'InvalidSpec', message, undefined, '2026-01-01T00:00:00Z');
  assert.equal(status.phase, 'Failed');
  const ready = status.conditions?.find((c) => c.type === 'Ready');
  assert.equal(ready?.reason, 'InvalidSpec');
  assert.match(ready?.message ?? '', /spec\.replicas: must be odd/);
});

test('the recorded config is read back from the status', () => {
  const status = statusOf({ members: [member(1), member(2), member(3)], config, leader: 1 });
  assert.deepEqual(recordedConfig(status), { version: 0x100000000n, members: config.members });
  assert.equal(recordedConfig(undefined), undefined);
});

test("a new ensemble's initial config is recorded whole while only some of its pods exist", () => {
  // Pods appear one by one in the watch cache; a config recorded from those seen would be partial,
  // and members started from it would elect leaders of their own.
  const initial = { ...config, version: 0n, live: false };
  const status = statusOf({
    members: [member(1, { serving: false, mode: 'looking', storage: 'empty' })],
    config: initial,
    leader: undefined,
  });
  assert.deepEqual(recordedConfig(status), { version: 0n, members: config.members });
  assert.deepEqual(
    status.members?.map((m) => [m.id, m.name, m.state, m.voting]),
    [
      [1, 'zk-0', 'looking', true],
      [2, 'zk-1', 'absent', true],
      [3, 'zk-2', 'absent', true],
    ],
  );
});
