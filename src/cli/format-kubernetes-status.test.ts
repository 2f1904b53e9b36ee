import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Condition } from '../api/spec.ts';
import type { ZooKeeperReading } from '../platform/kubernetes/index.ts';
import { formatZooKeeper, progressLine } from './format-kubernetes-status.ts';

const cond = (type: string, status: Condition['status'], reason: string, message = ''): Condition => ({
  type,
  status,
  lastTransitionTime: '2026-01-01T00:00:00Z',
  reason,
  message,
});

const running: ZooKeeperReading = {
  metadata: { name: 'zk', namespace: 'prod', generation: 3 },
  spec: { replicas: 3 },
  status: {
    observedGeneration: 3,
    phase: 'Running',
    readyMembers: '3/3',
    leader: 'zk-1',
    configVersion: '0x100000003',
    version: '3.9.4',
    conditions: [
      cond('Ready', 'True', 'AllMembersServing'),
      cond('Available', 'True', 'QuorumServing'),
      cond('Progressing', 'False', 'Idle'),
      cond('Degraded', 'False', 'Healthy'),
    ],
    members: [
      { id: 1, name: 'zk-0', role: 'follower', state: 'serving', voting: true, version: '3.9.4' },
      { id: 2, name: 'zk-1', role: 'leader', state: 'serving', voting: true, version: '3.9.4' },
      { id: 3, name: 'zk-2', role: 'follower', state: 'serving', voting: true, version: '3.9.4' },
    ],
    endpoints: { client: 'zk-client.prod.svc:2181' },
    operation: { type: 'Idle', step: '', waitingFor: '' },
  },
};

test('a healthy ensemble: summary, conditions, one row per member, connect string; no operation', () => {
  assert.equal(
    formatZooKeeper(running),
    [
      'zk in prod (ZooKeeper 3.9.4): Running, 3/3 members serving, leader zk-1, config version 0x100000003',
      'conditions: Ready=True Available=True Progressing=False Degraded=False',
      'ID  NAME  ROLE      STATE    VOTING  VERSION',
      '1   zk-0  follower  serving  yes     3.9.4',
      '2   zk-1  leader    serving  yes     3.9.4',
      '3   zk-2  follower  serving  yes     3.9.4',
      'connect: zk-client.prod.svc:2181',
    ].join('\n'),
  );
});

test('the version of zkop that last reconciled the ensemble ends the output', () => {
  const reconciled = { ...running, status: { ...running.status, operatorVersion: '0.1.0' } };
  assert.equal(formatZooKeeper(reconciled).split('\n').at(-1), 'reconciled by zkop 0.1.0');
});

test('an ensemble at work: conditions that need a look, the operation and what it waits for', () => {
  const status = running.status ?? {};
  const scaling: ZooKeeperReading = {
    metadata: { ...running.metadata, generation: 4 },
    status: {
      ...status,
      phase: 'Scaling',
      readyMembers: '3/5',
      conditions: [
        cond('Ready', 'False', 'Scale', '3/5 members serving'),
        cond('Available', 'True', 'QuorumServing'),
        cond('Progressing', 'True', 'Scale', 'member 4 to sync'),
        cond('Degraded', 'False', 'Healthy'),
      ],
      operation: { type: 'Scale', step: 'add member 4', waitingFor: 'member 4 to sync' },
    },
  };
  const lines = formatZooKeeper(scaling).split('\n');
  assert.match(lines[0] ?? '', /: Scaling, 3\/5 members serving, leader zk-1/);
  assert.equal(lines[1], 'status is of generation 3; the operator has not reported on generation 4 yet');
  assert.ok(lines.includes('  Ready=False (Scale): 3/5 members serving'));
  assert.ok(lines.includes('  Progressing=True (Scale): member 4 to sync'));
  assert.ok(lines.includes('operation: Scale: add member 4; waiting for member 4 to sync'));
});

test('an object the operator has not reported on yet', () => {
  assert.equal(
    formatZooKeeper({ metadata: { name: 'zk', namespace: 'ns' } }),
    'zk in ns: no status yet (the operator has not reported on it)',
  );
});

test('progress lines: waiting for the generation, then phase, serving members and operation', () => {
  assert.equal(
    progressLine(running, 4),
    'waiting for the operator to take generation 4 (status is of generation 3)',
  );
  assert.equal(progressLine(running, 3), 'Running: 3/3 members serving');
  const status = running.status ?? {};
  const restarting = {
    ...running,
    status: {
      ...status,
      phase: 'Restarting' as const,
      operation: { type: 'Restart', step: 'restart zk-2', waitingFor: 'zk-2 to serve' },
    },
  };
  assert.equal(
    progressLine(restarting, 3),
    'Restarting: 3/3 members serving; Restart: restart zk-2; waiting for zk-2 to serve',
  );
});

test('an ensemble with TLS: where its certificates come from, when each expires and is renewed', () => {
  const status = running.status ?? {};
  const lines = formatZooKeeper({
    ...running,
    status: {
      ...status,
      tls: {
        source: 'zkop',
        certificates: [
          {
            certificate: 'members',
            secret: 'zk-tls',
            serial: '0A',
            notBefore: '2026-12-01T10:00:00.000Z',
            notAfter: '2027-03-01T10:00:00.000Z',
            renewsAt: '2027-01-30T10:00:00.000Z',
          },
          {
            certificate: 'ca',
            secret: 'zk-ca',
            serial: '01',
            notBefore: '2026-12-01T10:00:00.000Z',
            notAfter: '2036-11-29T10:00:00.000Z',
          },
        ],
      },
    },
  }).split('\n');
  assert.ok(lines.includes("tls: certificates from zkop's CA"), lines.join('\n'));
  assert.ok(
    lines.includes('certificates: members until 2027-03-01 (renewed from 2027-01-30), ca until 2036-11-29'),
    lines.join('\n'),
  );
});
