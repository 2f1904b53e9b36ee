/**
 * Growing the data volumes of a 3-member ensemble on the test cluster (StorageClass `standard`, which
 * can grow its volumes) while a client writes: every claim reaches the new capacity, the StatefulSet
 * is replaced with the new claim template and adopts the running pods, no pod restarts, nothing
 * acknowledged is lost and the writer's session lives.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { compareQuantities } from '../../src/api/quantity.ts';
import { kubectlOk, waitFor } from '../cluster/cluster.ts';
import { missingWrites, startWriter } from '../support/zookeeper-load.ts';
import { clientServers, memberPods } from './ensemble-probe.ts';
import {
  applyZooKeeper,
  deleteNamespace,
  getZooKeeper,
  installOperator,
  patchSpec,
  testNamespace,
  waitReady,
  zooKeeperEvents,
} from './operator-install.ts';

const NAME = 'zk';
const PODS = ['zk-0', 'zk-1', 'zk-2'];
const SPEC = {
  version: '3.9.4',
  replicas: 3,
  resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '448Mi' } },
  jvm: { heap: '160Mi' },
  storage: { size: '1Gi' },
};
let ns = '';

before(async () => {
  installOperator();
  ns = testNamespace('zkop-e2e-expand');
  applyZooKeeper(ns, NAME, SPEC);
  await waitReady(ns, NAME, 600_000);
});

after(() => {
  if (ns) deleteNamespace(ns);
});

const log = (line: string) => process.stderr.write(`${line}\n`);

interface ClaimView {
  metadata: { name: string };
  spec: { resources: { requests: { storage: string } } };
  status: { capacity?: { storage?: string }; conditions?: { type: string; message?: string }[] };
}

const claims = (): ClaimView[] =>
  PODS.map(
    (pod) => JSON.parse(kubectlOk(['-n', ns, 'get', 'pvc', `data-${pod}`, '-o', 'json'])) as ClaimView,
  );

interface StatefulSetView {
  metadata: { uid: string };
  spec: {
    replicas: number;
    volumeClaimTemplates: {
      metadata: { name: string };
      spec: { resources: { requests: { storage: string } } };
    }[];
  };
}

const statefulSet = (): StatefulSetView =>
  JSON.parse(kubectlOk(['-n', ns, 'get', 'statefulset', NAME, '-o', 'json'])) as StatefulSetView;

const ownerUid = (pod: string): string =>
  kubectlOk(['-n', ns, 'get', 'pod', pod, '-o', 'jsonpath={.metadata.ownerReferences[0].uid}']).trim();

test('the data volumes grow from 1Gi to 2Gi under a writer: no pod restarts, nothing is lost', async () => {
  const podsBefore = memberPods(ns, NAME);
  const stsBefore = statefulSet().metadata.uid;
  const path = '/e2e-expand';
  const writer = await startWriter(clientServers(ns, NAME, PODS), path);
  const operations = new Set<string>();
  const t0 = Date.now();
  let report: Awaited<ReturnType<typeof writer.stop>>;
  try {
    patchSpec(ns, NAME, { storage: { size: '2Gi' } });
    await waitFor(
      'every data claim to report 2Gi',
      300_000,
      () => {
        const op = getZooKeeper(ns, NAME)?.status?.operation;
        if (op?.type) operations.add(`${op.type}: ${op.waitingFor || op.step}`);
        const all = claims();
        return all.every((c) => compareQuantities(c.status.capacity?.storage ?? '0', '2Gi') >= 0)
          ? all
          : undefined;
      },
      500,
    );
    await waitReady(ns, NAME, 300_000);
  } finally {
    report = await writer.stop();
  }
  log(
    `expansion to Ready: ${Math.round((Date.now() - t0) / 1000)} s; operations seen: ${[...operations].join(' | ')}`,
  );
  log(
    `writer: ${report.acknowledged.length} acknowledged, ${report.failed} failed, longest gap ` +
      `${Math.round(report.longestGapMs)} ms, ${report.expired} session expiries`,
  );
  assert.ok(report.acknowledged.length > 0, 'the writer made progress');
  assert.deepEqual(await missingWrites(clientServers(ns, NAME, PODS), path, report.acknowledged), []);
  assert.equal(report.expired, 0, 'the session never expired');

  for (const claim of claims()) {
    assert.equal(claim.spec.resources.requests.storage, '2Gi', `${claim.metadata.name} asks for 2Gi`);
  }
  const sts = statefulSet();
  assert.notEqual(sts.metadata.uid, stsBefore, 'the StatefulSet was replaced');
  assert.equal(sts.spec.replicas, 3);
  assert.deepEqual(
    sts.spec.volumeClaimTemplates.map((t) => [t.metadata.name, t.spec.resources.requests.storage]),
    [['data', '2Gi']],
  );
  const podsAfter = memberPods(ns, NAME);
  for (const [name, pod] of podsBefore) {
    assert.equal(podsAfter.get(name)?.uid, pod.uid, `${name} was not restarted`);
  }
  await waitFor('the new StatefulSet to adopt the pods', 60_000, () =>
    PODS.every((p) => ownerUid(p) === sts.metadata.uid) ? true : undefined,
  );
  const reasons = zooKeeperEvents(ns, NAME).map((e) => e.reason);
  assert.ok(reasons.includes('ExpandVolumes'), `Events: ${reasons.join(', ')}`);
  assert.ok(reasons.includes('ReplaceStatefulSet'), `Events: ${reasons.join(', ')}`);
});
