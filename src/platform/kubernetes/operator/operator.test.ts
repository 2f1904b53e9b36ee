import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubernetesObject, V1Pod } from '@kubernetes/client-node';
import { API_VERSION, KIND, type ZooKeeperStatus } from '../../../api/spec.ts';
import type { EnsembleObservation } from '../../../zk/observation.ts';
import { LEASES, PODS, ZOOKEEPERS } from '../client/resources.ts';
import type { EnsembleAccess } from '../reconcile/ensemble-access.ts';
import { selectorLabels } from '../render/index.ts';
import { ROUTED_LABEL } from '../render/metadata.ts';
import type { Lease } from '../runtime/leader-election.ts';
import { FakeKubeApi } from '../testing/fake-api.ts';
import { LEASE, startOperatorOverFakeApi } from '../testing/operator-over-fake-api.ts';

/** No member answers: enough for the controller's plumbing, which this test is about. */
class SilentEnsemble implements EnsembleAccess {
  inspections = 0;
  async inspect(): Promise<EnsembleObservation> {
    this.inspections += 1;
    return {
      members: [],
      leaderId: undefined,
      leaderSync: undefined,
      committedConfig: undefined,
      problems: [],
    };
  }
  async reconfigure() {
    return { applied: false as const, why: 'no member serves' };
  }
}

async function until<T>(
  what: string,
  check: () => T | undefined | Promise<T | undefined>,
  ms = 5000,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const REF = { namespace: 'demo', name: 'zk' };

const createZooKeeper = (server: FakeKubeApi) =>
  server.client('kubectl').create(ZOOKEEPERS, {
    apiVersion: API_VERSION,
    kind: KIND,
    metadata: REF,
    spec: { version: '3.9.4' },
  } as KubernetesObject);

/** A running pod of member 0, as the kubelet reports it. */
const startMemberPod = (server: FakeKubeApi) =>
  server.client('kubelet').create(PODS, {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'zk-0',
      namespace: 'demo',
      labels: { ...selectorLabels('zk'), 'app.kubernetes.io/managed-by': 'zkop' },
    },
    spec: { containers: [{ name: 'zookeeper', image: 'zookeeper:3.9.4' }] },
    status: { phase: 'Running' },
  } as V1Pod);

test('the operator leads, reconciles, requeues on owned pods, serves health and metrics, and shuts down cleanly', async () => {
  const server = new FakeKubeApi();
  const ensemble = new SilentEnsemble();
  const stop = new AbortController();
  const running = await startOperatorOverFakeApi(server, ensemble, stop.signal);
  try {
    const base = `http://127.0.0.1:${running.health.address.port}`;
    assert.equal((await fetch(`${base}/healthz`)).status, 200);
    await createZooKeeper(server);
    const status = await until(
      'a status',
      () => (server.peek(ZOOKEEPERS, REF) as { status?: ZooKeeperStatus }).status,
    );
    assert.equal(status.phase, 'Creating');
    assert.equal(
      server.peek<Lease>(LEASES, { namespace: 'zkop-system', name: 'zkop-leader' })?.spec?.holderIdentity,
      'replica-a',
    );
    assert.equal((await fetch(`${base}/readyz`)).status, 200);

    // A pod of the ensemble appears: its ZooKeeper is reconciled again (and now inspects the member).
    const before = ensemble.inspections;
    await startMemberPod(server);
    await until('a reconcile for the pod', () => ensemble.inspections > before);

    const metrics = await (await fetch(`${base}/metrics`)).text();
    assert.match(metrics, /zkop_reconciles_total\{result="success"\} [1-9]/);
    assert.match(metrics, /zkop_leader 1/);
    assert.match(metrics, /zkop_ensemble_ready\{namespace="demo",name="zk"\} 0/);
    assert.match(metrics, /zkop_ensemble_operation\{namespace="demo",name="zk",operation="Create"\} 1/);
    assert.match(metrics, /zkop_workqueue_depth 0/);
    assert.match(metrics, /zkop_ensemble_members_desired\{namespace="demo",name="zk"\} 3/);
    assert.match(metrics, /zkop_ensemble_members_serving\{namespace="demo",name="zk"\} 0/);
    assert.match(metrics, /zkop_ensemble_quorum_available\{namespace="demo",name="zk"\} 0/);
    const started =
      /zkop_ensemble_operation_start_time_seconds\{namespace="demo",name="zk",operation="Create"\} (\d+)/.exec(
        metrics,
      );
    assert.ok(started && Math.abs(Number(started[1]) - Date.now() / 1000) < 60, 'the Create began just now');
    assert.match(
      metrics,
      /zkop_ensemble_last_successful_reconcile_timestamp_seconds\{namespace="demo",name="zk"\} \d/,
    );
    assert.match(metrics, /^process_resident_memory_bytes \d/m);
  } finally {
    stop.abort();
    await running.done;
  }
  assert.equal(
    server.peek<Lease>(LEASES, { namespace: 'zkop-system', name: 'zkop-leader' })?.spec?.holderIdentity,
    '',
    'released',
  );
  assert.equal(server.openWatches, 0);
});

/** Inspections that answer only when the test lets them: a member slow to answer mid-roll. */
class StalledEnsemble extends SilentEnsemble {
  readonly #waiting: (() => void)[] = [];
  override inspect(): Promise<EnsembleObservation> {
    this.inspections += 1;
    return new Promise((resolve) => this.#waiting.push(() => resolve(super.inspect())));
  }
  answer(): void {
    for (const go of this.#waiting.splice(0)) go();
  }
}

test('a member pod being deleted leaves its member Service at once, while a reconcile is under way', async () => {
  const server = new FakeKubeApi();
  const ensemble = new StalledEnsemble();
  const stop = new AbortController();
  const running = await startOperatorOverFakeApi(server, ensemble, stop.signal);
  try {
    const kubelet = server.client('kubelet');
    await startMemberPod(server);
    // What keeps a pod while the kubelet stops it: deleted, it is only marked.
    await kubelet.mergePatch(
      PODS,
      { namespace: 'demo', name: 'zk-0' },
      { metadata: { finalizers: ['kubelet'] } },
    );
    await createZooKeeper(server);
    const routed = () =>
      server.peek<V1Pod>(PODS, { namespace: 'demo', name: 'zk-0' })?.metadata?.labels?.[ROUTED_LABEL];
    await until('the pod routed', () => routed() === 'true');
    await until('an inspection under way', () => ensemble.inspections > 0);

    await server.client('kubectl').delete(PODS, { namespace: 'demo', name: 'zk-0' });
    await until('the pod unrouted', () => routed() === undefined);
    assert.equal(
      (server.peek(ZOOKEEPERS, REF) as { status?: ZooKeeperStatus }).status,
      undefined,
      'the reconcile under way still waits for the member',
    );
  } finally {
    stop.abort();
    ensemble.answer();
    await running.done;
  }
});

test('shutting down ends a reconcile under way at once: the Lease is released, and the reconcile acts no more', async () => {
  const server = new FakeKubeApi();
  const ensemble = new StalledEnsemble();
  const stop = new AbortController();
  const running = await startOperatorOverFakeApi(server, ensemble, stop.signal);
  await startMemberPod(server);
  await createZooKeeper(server);
  await until('an inspection under way', () => ensemble.inspections > 0);

  stop.abort();
  const ended = await Promise.race([
    running.done.then(() => true),
    new Promise<false>((resolve) => setTimeout(() => resolve(false), 10_000)),
  ]);
  const released = server.peek<Lease>(LEASES, LEASE)?.spec?.holderIdentity;
  ensemble.answer();
  await running.done;
  assert.ok(ended, 'the operator stopped while the inspection was still unanswered');
  assert.equal(released, '', 'released');
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.equal(
    (server.peek(ZOOKEEPERS, REF) as { status?: ZooKeeperStatus }).status,
    undefined,
    'the late answer wrote no status',
  );
});
