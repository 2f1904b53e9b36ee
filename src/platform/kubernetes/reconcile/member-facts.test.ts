import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { V1PersistentVolumeClaim, V1Pod } from '@kubernetes/client-node';
import type { Desired } from '../../../engine/index.ts';
import { CONFIG_HASH_ANNOTATION, RESTART_TOKEN_ANNOTATION } from '../render/index.ts';
import { HOLDS_DATA_ANNOTATION, memberFacts, ordinalOf } from './member-facts.ts';
import { plainClientAddressStale, toObservation } from './observation.ts';
import { podCountFor } from './pod-count.ts';

const pod = (name: string, over: Partial<V1Pod['status']> = {}, deleting = false): V1Pod => ({
  metadata: {
    name,
    annotations: { [CONFIG_HASH_ANNOTATION]: 'h1' },
    ...(deleting ? { deletionTimestamp: new Date(0) } : {}),
  },
  spec: { containers: [{ name: 'zookeeper', image: 'registry.example/zookeeper:3.9.4-jre' }] },
  status: { phase: 'Running', ...over },
});
const claim = (name: string, holdsData: boolean): V1PersistentVolumeClaim => ({
  metadata: { name, ...(holdsData ? { annotations: { [HOLDS_DATA_ANNOTATION]: 'true' } } : {}) },
});

test('pod names map to member ids; other pods are ignored', () => {
  assert.equal(ordinalOf('zk', 'zk-0'), 0);
  assert.equal(ordinalOf('zk', 'zk-12'), 12);
  assert.equal(ordinalOf('zk', 'zk-admin-0'), undefined);
  assert.equal(ordinalOf('zk', 'zk-01'), undefined);
});

test('facts per member: running, config hash, image version, storage', () => {
  const facts = memberFacts(
    'zk',
    [pod('zk-0'), pod('zk-1', {}, true), pod('zk-2', { phase: 'Failed' }), pod('other-0')],
    [claim('data-zk-0', true), claim('data-zk-1', false), claim('data-zk-3', true)],
    0,
  );
  assert.deepEqual(
    facts.map((f) => [f.id, f.running, f.configHash, f.imageVersion, f.storage]),
    [
      [1, true, 'h1', '3.9.4', 'data'],
      [2, false, 'h1', '3.9.4', 'empty'],
      [3, false, 'h1', '3.9.4', 'none'],
      [4, false, '', undefined, 'data'],
    ],
  );
});

test('a recorded voter whose volume is new has lost its data; at create nobody has', () => {
  const facts = memberFacts(
    'zk',
    [pod('zk-0'), pod('zk-1')],
    [claim('data-zk-0', true), claim('data-zk-1', false)],
    0,
  );
  const recorded = {
    version: 0x100000000n,
    members: [1, 2].map((id) => ({ id, role: 'participant' as const })),
  };
  const observed = toObservation(facts, undefined, recorded);
  assert.deepEqual(
    observed.members.map((m) => [m.id, m.dataLost]),
    [
      [1, false],
      [2, true],
    ],
  );
  assert.equal(observed.config?.live, false);
  const atCreate = toObservation(facts, undefined, { ...recorded, version: 0n });
  assert.ok(atCreate.members.every((m) => !m.dataLost));
});

test("each member's restart token is its own pod's; a pod made before any restart has none", () => {
  const withToken = (name: string, token: string): V1Pod => {
    const p = pod(name);
    return { ...p, metadata: { ...p.metadata, annotations: { [RESTART_TOKEN_ANNOTATION]: token } } };
  };
  const facts = memberFacts('zk', [withToken('zk-0', 't2'), withToken('zk-1', 't1'), pod('zk-2')], [], 0);
  assert.deepEqual(
    facts.map((f) => f.restartToken),
    ['t2', 't1', ''],
  );
  assert.deepEqual(
    toObservation(facts, undefined, undefined).members.map((m) => m.restartToken),
    ['t2', 't1', ''],
  );
});

test('a member whose grown volume waits for its pod to start again needs a restart, once the grace passed', () => {
  const minute = 60_000;
  const started = (name: string, at: number): V1Pod => {
    const p = pod(name);
    return { ...p, status: { ...p.status, startTime: new Date(at) } };
  };
  const pending = (name: string, since: number): V1PersistentVolumeClaim => ({
    metadata: { name },
    status: {
      phase: 'Bound',
      conditions: [{ type: 'FileSystemResizePending', status: 'True', lastTransitionTime: new Date(since) }],
    },
  });
  const pods = [started('zk-0', 0), started('zk-1', 0), started('zk-2', 10 * minute)];
  const claims = [
    pending('data-zk-0', minute),
    pending('datalog-zk-1', minute),
    pending('data-zk-2', minute),
  ];
  const at = (now: number) => memberFacts('zk', pods, claims, now).map((f) => f.volumeRestart);
  // Within the grace the kubelet may still grow it while the pod runs; a pod started since grows it on mount.
  assert.deepEqual(at(2 * minute), [undefined, undefined, undefined]);
  const late = at(4 * minute);
  assert.match(late[0] ?? '', /volume claim data-zk-0 grows only when the member starts again/);
  assert.match(late[1] ?? '', /volume claim datalog-zk-1/);
  assert.equal(late[2], undefined);
  const observed = toObservation(memberFacts('zk', pods, claims, 4 * minute), undefined, undefined);
  assert.deepEqual(
    observed.members.map((m) => m.restartNeeded !== undefined),
    [true, true, false],
  );
});

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

test('the pod count follows the engine: all at create, one more per joiner, one less per member stopped', () => {
  const done = { type: 'Done' } as const;
  const start = (id: number) =>
    ({
      type: 'StartMember',
      id,
      options: {
        asObserver: true,
        config: { version: 0n, members: [] },
        quorumTls: 'plaintext',
        quorumSasl: 'off',
      },
      reason: '',
    }) as const;
  assert.equal(podCountFor(undefined, desired, start(1)), 3);
  assert.equal(podCountFor(3, desired, start(4)), 4);
  assert.equal(podCountFor(3, desired, done), 3);
  assert.equal(podCountFor(5, desired, { type: 'StopMember', id: 5, reason: '' }), 4);
  assert.equal(podCountFor(5, desired, { type: 'StopMember', id: 3, reason: '' }), 5);
});

test("a member's committed plain client address is stale where its pod binds another: loopback with client TLS", () => {
  assert.match(
    plainClientAddressStale('0.0.0.0', true) ?? '',
    /is 0\.0\.0\.0 where its pod binds 127\.0\.0\.1/,
  );
  assert.equal(plainClientAddressStale('127.0.0.1', true), undefined);
  assert.match(plainClientAddressStale('127.0.0.1', false) ?? '', /binds 0\.0\.0\.0/);
  assert.equal(plainClientAddressStale('0.0.0.0', false), undefined);
  // A line without a client address is left alone.
  assert.equal(plainClientAddressStale(undefined, true), undefined);
});
