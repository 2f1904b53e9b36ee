/**
 * A spec the CRD accepts but the API server refuses once zkop renders it (a node affinity with an
 * unknown operator, a pod security context with a negative user id): the ZooKeeper object shows
 * Degraded with the reason and a message naming the field, one Warning Event says the same however
 * often zkop retries, and fixing the spec heals it. A serving ensemble keeps serving meanwhile. A
 * StorageClass that does not exist, which nothing refuses, is named in the status too.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { kubectl, waitFor } from '../cluster/cluster.ts';
import { memberPods } from './ensemble-probe.ts';
import {
  applyZooKeeper,
  conditionOf,
  deleteNamespace,
  getZooKeeper,
  installOperator,
  testNamespace,
  waitReady,
  type ZooKeeperView,
  zooKeeperEvents,
} from './operator-install.ts';

const NAME = 'zk';
const SPEC = {
  version: '3.9.4',
  replicas: 1,
  resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '448Mi' } },
  jvm: { heap: '160Mi' },
  storage: { size: '1Gi' },
};
const BOGUS_AFFINITY = {
  nodeAffinity: {
    requiredDuringSchedulingIgnoredDuringExecution: {
      nodeSelectorTerms: [{ matchExpressions: [{ key: 'disk', operator: 'Bogus' }] }],
    },
  },
};
let ns = '';

before(() => {
  installOperator();
  ns = testNamespace('zkop-e2e-refused');
});

after(() => {
  if (ns) deleteNamespace(ns);
});

/** Waits for Degraded=True with `reason` for the current generation; the failure shows the last status. */
async function degraded(reason: string, name = NAME): Promise<ZooKeeperView> {
  let last: ZooKeeperView | undefined;
  try {
    return await waitFor(`${ns}/${name} to be Degraded with ${reason}`, 120_000, () => {
      last = getZooKeeper(ns, name);
      const c = conditionOf(last, 'Degraded');
      const current = last?.status?.observedGeneration === last?.metadata.generation;
      return current && c?.status === 'True' && c.reason === reason ? last : undefined;
    });
  } catch (error) {
    throw new Error(`${(error as Error).message}; last status: ${JSON.stringify(last?.status)}`);
  }
}

const warnings = (reason: string, name = NAME) =>
  zooKeeperEvents(ns, name).filter((e) => e.type === 'Warning' && e.reason === reason);

test('a StatefulSet the API server refuses: Degraded with the reason, one Warning Event, no StatefulSet', async () => {
  applyZooKeeper(ns, NAME, { ...SPEC, pod: { affinity: BOGUS_AFFINITY } });
  const zk = await degraded('ObjectRefused');
  const message = conditionOf(zk, 'Degraded')?.message ?? '';
  assert.match(message, /StatefulSet zk/, message);
  assert.match(message, /operator/, message);
  assert.match(message, /Bogus/, message);
  assert.equal(conditionOf(zk, 'Ready')?.status, 'False');
  const sts = kubectl(['-n', ns, 'get', 'statefulset', NAME]);
  assert.notEqual(sts.code, 0, 'no StatefulSet was created');

  const events = await waitFor('a Warning Event ObjectRefused', 30_000, () => {
    const found = warnings('ObjectRefused');
    return found.length > 0 ? found : undefined;
  });
  assert.match(events[0]?.message ?? '', /Bogus/);
  // zkop retries with backoff (1 s, 2 s, 4 s, 8 s ...): the same problem gives no new Event.
  await sleep(15_000);
  const later = warnings('ObjectRefused');
  assert.equal(later.length, 1, `one Event, not one per retry: ${JSON.stringify(later)}`);
});

test('fixing the spec heals it: the StatefulSet is created and the ensemble becomes Ready', async () => {
  applyZooKeeper(ns, NAME, SPEC);
  const zk = await waitReady(ns, NAME, 300_000);
  assert.equal(conditionOf(zk, 'Degraded')?.status, 'False', JSON.stringify(zk.status));
  assert.equal(zk.status?.readyMembers, '1/1');
});

test('a refused change to a serving ensemble keeps it Available and its pod; fixing it is Ready again', async () => {
  const before = memberPods(ns, NAME).get(`${NAME}-0`)?.uid;
  assert.ok(before, 'the member pod runs');
  applyZooKeeper(ns, NAME, { ...SPEC, pod: { securityContext: { runAsUser: -1 } } });
  const zk = await degraded('ObjectRefused');
  assert.match(conditionOf(zk, 'Degraded')?.message ?? '', /runAsUser/);
  assert.equal(conditionOf(zk, 'Available')?.status, 'True', 'the ensemble still serves');

  applyZooKeeper(ns, NAME, SPEC);
  const healed = await waitReady(ns, NAME, 120_000);
  assert.equal(conditionOf(healed, 'Degraded')?.status, 'False', JSON.stringify(healed.status));
  assert.equal(memberPods(ns, NAME).get(`${NAME}-0`)?.uid, before, 'the pod was not restarted');
});

test('a StorageClass that does not exist: Degraded with StorageClassNotFound naming it, and a Warning Event', async () => {
  const name = 'zk-nosc';
  applyZooKeeper(ns, name, { ...SPEC, storage: { size: '1Gi', storageClassName: 'no-such-class' } });
  try {
    const zk = await degraded('StorageClassNotFound', name);
    assert.match(
      conditionOf(zk, 'Degraded')?.message ?? '',
      /StorageClass no-such-class, which does not exist/,
    );
    await waitFor('a Warning Event StorageClassNotFound', 30_000, () =>
      warnings('StorageClassNotFound', name).length === 1 ? true : undefined,
    );
  } finally {
    kubectl(['-n', ns, 'delete', 'zookeeper', name, '--wait=true', '--timeout=120s']);
  }
});
