import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderContext } from './context.ts';
import { alertRules } from './prometheus-rule.ts';
import { storedZooKeeper } from './testing/test-helpers.ts';

type Spec = Parameters<typeof storedZooKeeper>[0];

const rules = (spec: Spec = {}) =>
  alertRules(
    renderContext(storedZooKeeper({ ...spec, monitoring: { prometheusRule: true, ...spec.monitoring } })),
  );
const find = (spec: Spec, alert: string) => rules(spec).find((r) => r.alert === alert);

test('alerts on leader, members, quorum, latency, queue, fsync, descriptors, volumes, elections, sessions, heap and backup age', () => {
  assert.deepEqual(
    rules({ replicas: 3 }).map((r) => r.alert),
    [
      'ZooKeeperNoLeader',
      'ZooKeeperMembersDown',
      'ZooKeeperQuorumAtRisk',
      'ZooKeeperHighLatency',
      'ZooKeeperOutstandingRequests',
      'ZooKeeperSlowFsync',
      'ZooKeeperFileDescriptorsRunningOut',
      'ZooKeeperVolumeFilling',
      'ZooKeeperFrequentElections',
      'ZooKeeperSessionExpiries',
      'ZooKeeperHeapFull',
      'ZooKeeperBackupTooOld',
    ],
  );
});

test("every expression is scoped to this ensemble: its members' targets, its claims or the operator's series of it", () => {
  const members = /^\{namespace="demo",zookeeper="zk"(,area="heap")?\}$/;
  const claims = '{namespace="demo",persistentvolumeclaim=~"(data|datalog)-zk-[0-9]+"}';
  const operator = '{namespace="demo",name="zk"}';
  for (const rule of rules()) {
    for (const selector of rule.expr.match(/\{[^}]*\}/g) ?? []) {
      assert.ok(
        members.test(selector) || selector === claims || selector === operator,
        `${rule.alert}: ${selector}`,
      );
    }
  }
});

test('member counts come from the spec; a single voter has no quorum to put at risk', () => {
  const five = { replicas: 5, observers: 1 };
  assert.match(find(five, 'ZooKeeperMembersDown')?.expr ?? '', /< 6$/);
  assert.match(find(five, 'ZooKeeperQuorumAtRisk')?.expr ?? '', /<= 3$/);
  assert.ok(!rules({ replicas: 1 }).some((r) => r.alert === 'ZooKeeperQuorumAtRisk'));
});

test('thresholds and durations come from spec.monitoring.alerts, the defaults otherwise', () => {
  assert.equal(find({}, 'ZooKeeperNoLeader')?.for, '1m');
  assert.match(find({}, 'ZooKeeperHeapFull')?.expr ?? '', / > 90$/);
  const tuned = {
    monitoring: {
      alerts: {
        noLeader: { for: '30s' },
        jvmHeap: { percent: 75, for: '20m' },
        sessionExpiries: { sessions: 100, window: '1h' },
      },
    },
  };
  assert.equal(find(tuned, 'ZooKeeperNoLeader')?.for, '30s');
  const heap = find(tuned, 'ZooKeeperHeapFull');
  assert.match(heap?.expr ?? '', / > 75$/);
  assert.equal(heap?.for, '20m');
  const sessions = find(tuned, 'ZooKeeperSessionExpiries');
  assert.match(sessions?.expr ?? '', /\[1h\]\)\) > 100$/);
  assert.equal(sessions?.for, undefined, 'counted over a window, it fires at once');
});

test('every alert names its namespace and ensemble in its labels, for Alertmanager to route on', () => {
  for (const rule of rules({ replicas: 3 })) {
    assert.equal(rule.labels.namespace, 'demo', rule.alert);
    assert.equal(rule.labels.zookeeper, 'zk', rule.alert);
  }
});
