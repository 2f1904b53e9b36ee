import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderContext } from './context.ts';
import { alertRules } from './prometheus-rule.ts';
import { storedZooKeeper } from './testing/test-helpers.ts';

const rules = (spec: Parameters<typeof storedZooKeeper>[0]) =>
  alertRules(renderContext(storedZooKeeper({ monitoring: { prometheusRule: true }, ...spec })));

test('alerts on leader, members, quorum, latency, outstanding requests and fsync', () => {
  assert.deepEqual(
    rules({ replicas: 3 }).map((r) => r.alert),
    [
      'ZooKeeperNoLeader',
      'ZooKeeperMembersDown',
      'ZooKeeperQuorumAtRisk',
      'ZooKeeperHighLatency',
      'ZooKeeperOutstandingRequests',
      'ZooKeeperSlowFsync',
    ],
  );
});

test('every expression is scoped to this ensemble', () => {
  for (const rule of rules({})) {
    for (const selector of rule.expr.match(/\{[^}]*\}/g) ?? []) {
      assert.equal(selector, '{namespace="demo",service="zk-hs"}', rule.alert);
    }
  }
});

test('member counts come from the spec; a single voter has no quorum to put at risk', () => {
  const five = rules({ replicas: 5, observers: 1 });
  assert.match(five.find((r) => r.alert === 'ZooKeeperMembersDown')?.expr ?? '', /< 6$/);
  assert.match(five.find((r) => r.alert === 'ZooKeeperQuorumAtRisk')?.expr ?? '', /<= 3$/);
  assert.ok(!rules({ replicas: 1 }).some((r) => r.alert === 'ZooKeeperQuorumAtRisk'));
});
