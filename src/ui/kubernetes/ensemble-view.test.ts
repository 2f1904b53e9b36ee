import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { V1Pod } from '@kubernetes/client-node';
import { applyDefaults } from '../../api/defaults.ts';
import type { ZooKeeperStatus } from '../../api/spec.ts';
import { containerPort, type EventRead, ensembleView, RECENT_EVENTS, recentEvents } from './ensemble-view.ts';
import { pod, STATUS, zk } from './testing/restarting.ts';

const event = (reason: string, time: string, regarding = 'zk'): EventRead => ({
  eventTime: time,
  type: 'Normal',
  reason,
  note: `${reason} note`,
  regarding: { kind: 'ZooKeeper', name: regarding },
});

test("members join the object's status, their pods and their own answers", () => {
  const pods = [pod(0, 'node-1'), pod(1, 'node-2', 2), pod(2, 'node-3')];
  const answers = new Map([
    [1, { role: 'follower', zxid: '0x20000000a' }],
    [2, { role: 'leader', zxid: '0x20000000c' }],
    [3, { problem: 'AdminServer refused by the API server (HTTP 403): forbidden' }],
  ]);
  const view = ensembleView({ ...zk, status: STATUS }, pods, answers, []);
  assert.equal(view.name, 'zk');
  assert.equal(view.namespace, 'demo');
  assert.equal(view.leader, 2);
  assert.equal(view.serving, 2);
  assert.equal(view.participants, 3);
  assert.equal(view.quorum, 2);
  assert.equal(view.servingParticipants, 2);
  assert.equal(view.healthy, false);
  assert.equal(view.phase, 'Restarting');
  assert.equal(view.connectString, 'zk-client.demo.svc:2181');
  const [one, two, three] = view.members;
  assert.deepEqual(
    { ...two },
    {
      id: 2,
      role: 'leader',
      state: 'serving',
      voting: true,
      zxid: '0x20000000c',
      configVersion: null,
      version: '3.9.4',
      pid: null,
      pod: 'zk-1',
      node: 'node-2',
      podIp: '10.0.0.11',
      ready: true,
      restarts: 2,
      metricsUrl: `/api/v1/namespaces/demo/pods/zk-1%3A${containerPort(pods[1] as V1Pod, 'metrics')}/proxy/metrics`,
      problem: null,
    },
  );
  assert.equal(one?.zxid, '0x20000000a');
  assert.equal(three?.role, 'unknown', 'the status role stands when the member did not answer');
  assert.equal(three?.zxid, null);
  assert.match(three?.problem ?? '', /HTTP 403/);
  assert.deepEqual(view.operation, {
    type: 'Restart',
    step: 'restart member 3',
    waitingFor: 'member 3 to serve',
    startedAt: '2026-12-07T03:00:00Z',
  });
  assert.deepEqual(view.committedConfig, {
    version: '0x100000000',
    servers: ['server.1: zk-0, participant', 'server.2: zk-1, participant', 'server.3: zk-2, participant'],
  });
  assert.equal(view.conditions[0]?.reason, 'Restart');
});

test("the rendered pod's metrics port is the one scraped", () => {
  const { ports } = applyDefaults(zk.spec);
  assert.equal(containerPort(pod(0, 'n'), 'metrics'), ports.metrics);
  assert.equal(containerPort(pod(0, 'n'), 'admin'), ports.admin);
});

test('a member live says it leads before the status does: the live answer wins', () => {
  const answers = new Map([
    [1, { role: 'leader', zxid: '0x300000000' }],
    [2, { role: 'follower', zxid: '0x300000000' }],
  ]);
  const view = ensembleView({ ...zk, status: STATUS }, [pod(0, 'a'), pod(1, 'b')], answers, []);
  assert.equal(view.leader, 1);
  assert.equal(view.members[0]?.role, 'leader');
});

test('an idle object shows no operation; a pod with no status entry yet is listed; a member without a pod says so', () => {
  const idle: ZooKeeperStatus = {
    ...STATUS,
    operation: { type: 'Idle', step: '', waitingFor: '' },
    members: (STATUS.members ?? []).slice(0, 2),
  };
  const view = ensembleView({ ...zk, status: idle }, [pod(0, 'a'), pod(2, 'c')], new Map(), []);
  assert.equal(view.operation, undefined);
  assert.deepEqual(
    view.members.map((m) => [m.id, m.state, m.problem]),
    [
      [1, 'serving', null],
      [2, 'serving', 'no pod'],
      [3, 'starting', null],
    ],
  );
});

test("another ensemble's pods are not this one's", () => {
  const other = pod(0, 'x');
  other.metadata = {
    ...other.metadata,
    name: 'zk-other-0',
    labels: { ...other.metadata?.labels, 'app.kubernetes.io/instance': 'zk-other' },
  };
  const view = ensembleView({ ...zk, status: { members: [] } }, [other], new Map(), []);
  assert.deepEqual(view.members, []);
  assert.equal(view.leader, null);
  assert.equal(view.committedConfig, null);
});

test("the object's own Events, newest first, at most ten", () => {
  const events = [
    event('Old', '2026-12-07T01:00:00Z'),
    ...Array.from({ length: 12 }, (_, i) =>
      event(`Step${i}`, `2026-12-07T02:${String(i).padStart(2, '0')}:00Z`),
    ),
    event('OtherObject', '2026-12-07T04:00:00Z', 'zk-other'),
    { ...event('PodEvent', '2026-12-07T04:00:00Z'), regarding: { kind: 'Pod', name: 'zk' } },
    {
      reason: 'Repeated',
      type: 'Warning',
      note: 'n',
      series: { count: 4, lastObservedTime: '2026-12-07T03:30:00Z' },
      eventTime: '2026-12-07T00:00:00Z',
      regarding: { kind: 'ZooKeeper', name: 'zk' },
    },
  ];
  const recent = recentEvents(zk, events);
  assert.equal(recent.length, RECENT_EVENTS);
  assert.deepEqual(recent[0], {
    time: '2026-12-07T03:30:00.000Z',
    type: 'Warning',
    reason: 'Repeated',
    note: 'n',
    count: 4,
  });
  assert.deepEqual(
    recent.slice(1).map((e) => e.reason),
    ['Step11', 'Step10', 'Step9', 'Step8', 'Step7', 'Step6', 'Step5', 'Step4', 'Step3'],
  );
});

test('Events the user may not list are said so, the rest still shows', () => {
  const view = ensembleView({ ...zk, status: STATUS }, [], new Map(), {
    problem: 'Events not read: forbidden',
  });
  assert.deepEqual(view.events, []);
  assert.equal(view.eventsProblem, 'Events not read: forbidden');
  assert.equal(view.members.length, 3);
});
