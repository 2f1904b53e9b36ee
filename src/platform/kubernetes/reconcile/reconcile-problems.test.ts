import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubernetesObject, V1Pod } from '@kubernetes/client-node';
import { ApiError } from '../client/kube-api.ts';
import { PODS, PVCS, SECRETS, STATEFULSETS, STORAGE_CLASSES, ZOOKEEPERS } from '../client/resources.ts';
import { condition, NS, REF, setup, statusOf } from '../testing/reconcile-fixture.ts';
import { ReconcileProblem } from './problem.ts';

const BAD_AFFINITY = {
  nodeAffinity: {
    requiredDuringSchedulingIgnoredDuringExecution: {
      nodeSelectorTerms: [{ matchExpressions: [{ key: 'disk', operator: 'Bogus' }] }],
    },
  },
};

/** The API server's validation of node selector operators, for StatefulSets. */
const refuseBogusOperator = (type: { kind: string }, object: KubernetesObject) =>
  type.kind === 'StatefulSet' && JSON.stringify(object).includes('"operator":"Bogus"')
    ? 'spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].operator: Unsupported value: "Bogus"'
    : undefined;

const statusWrites = (bed: ReturnType<typeof setup>) =>
  bed.server.writes().filter((w) => w.verb === 'applyStatus').length;

async function rejected(run: () => Promise<unknown>, reason: string): Promise<ReconcileProblem> {
  let thrown: unknown;
  await assert.rejects(
    run().catch((err) => {
      thrown = err;
      throw err;
    }),
  );
  assert.ok(thrown instanceof ReconcileProblem, `threw ${String(thrown)}`);
  assert.equal(thrown.reason, reason, thrown.message);
  return thrown;
}

test('an object the API server refuses is Degraded with an Event, retried quietly, and healed by fixing the spec', async () => {
  const bed = setup({ pod: { affinity: BAD_AFFINITY } });
  const { server, user, run, create, startPods, events } = bed;
  server.admit(refuseBogusOperator);
  await create();

  const problem = await rejected(run, 'ObjectRefused');
  assert.match(problem.message, /refused the StatefulSet zk .*Unsupported value: "Bogus"/);
  const degraded = condition(statusOf(server), 'Degraded');
  assert.equal(degraded?.status, 'True');
  assert.equal(degraded?.reason, 'ObjectRefused');
  assert.equal(degraded?.message, problem.message);
  assert.equal(condition(statusOf(server), 'Ready')?.status, 'False');
  assert.deepEqual(
    events.notes.map((e) => [e.type, e.reason, e.note]),
    [['Warning', 'ObjectRefused', problem.message]],
  );
  assert.equal(server.peek(STATEFULSETS, REF), undefined);

  // The queue retries with backoff: each retry fails the same way and writes neither status nor Event.
  const written = statusWrites(bed);
  for (let i = 0; i < 3; i++) await rejected(run, 'ObjectRefused');
  assert.equal(statusWrites(bed), written);
  assert.equal(events.notes.length, 1);

  await user.mergePatch(ZOOKEEPERS, REF, { spec: { pod: { affinity: null } } });
  const fixed = await run();
  assert.ok(fixed.actions.includes('apply StatefulSet zk'), fixed.actions.join(', '));
  assert.notEqual(condition(statusOf(server), 'Degraded')?.reason, 'ObjectRefused');
  await startPods();
  assert.ok((await run()).ready);
  assert.equal(condition(statusOf(server), 'Degraded')?.status, 'False');
});

test('a serving ensemble stays Available while a change is refused, and no pod restarts', async () => {
  const bed = setup();
  const { server, user, run, create, startPods, events } = bed;
  await create();
  await run();
  await startPods();
  await run();
  server.admit(refuseBogusOperator);
  const uids = () =>
    ['zk-0', 'zk-1', 'zk-2'].map((name) => server.peek<V1Pod>(PODS, { namespace: NS, name })?.metadata?.uid);
  const before = uids();

  await user.mergePatch(ZOOKEEPERS, REF, { spec: { pod: { affinity: BAD_AFFINITY } } });
  await rejected(run, 'ObjectRefused');
  const status = statusOf(server);
  assert.equal(condition(status, 'Degraded')?.status, 'True');
  assert.equal(condition(status, 'Available')?.status, 'True');
  assert.equal(condition(status, 'Ready')?.reason, 'ObjectRefused');
  assert.equal(events.notes.at(-1)?.reason, 'ObjectRefused');

  await user.mergePatch(ZOOKEEPERS, REF, { spec: { pod: { affinity: null } } });
  const healed = await run();
  assert.ok(healed.ready);
  assert.equal(condition(statusOf(server), 'Degraded')?.reason, 'Healthy');
  assert.deepEqual(uids(), before);
});

test('a spec zkop cannot render is Degraded with RenderFailed until the renderer can', async () => {
  const { server, run, create, events } = setup();
  await create();
  // A NetworkPolicy needs the operator's namespace to let the operator in.
  const problem = await rejected(() => run({ render: { networkPolicy: true } }), 'RenderFailed');
  assert.match(problem.message, /cannot render .*operator namespace/);
  assert.equal(condition(statusOf(server), 'Degraded')?.reason, 'RenderFailed');
  assert.equal(events.notes.at(-1)?.reason, 'RenderFailed');
  assert.equal(server.peek(STATEFULSETS, REF), undefined);

  const rendered = await run({ render: { networkPolicy: true, operatorNamespace: 'zkop-system' } });
  assert.ok(rendered.actions.includes('apply NetworkPolicy zk'), rendered.actions.join(', '));
  assert.equal(condition(statusOf(server), 'Degraded')?.status, 'False');
  assert.equal(statusOf(server)?.phase, 'Creating');
});

test('a missing Secret the spec names is Degraded and retried until the Secret exists', async () => {
  const { server, user, run, create, events } = setup({ auth: { superuserSecretName: 'mine' } });
  await create();
  const problem = await rejected(run, 'SuperUserSecretNotFound');
  assert.match(problem.message, /Secret demo\/mine does not exist: create it/);
  assert.equal(condition(statusOf(server), 'Degraded')?.reason, 'SuperUserSecretNotFound');
  assert.equal(events.notes.length, 1);

  await user.create(SECRETS, {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'mine', namespace: NS },
    data: { password: 'eA==', digest: 'eA==' },
  } as KubernetesObject);
  const result = await run();
  assert.ok(result.actions.includes('apply StatefulSet zk'), result.actions.join(', '));
  assert.equal(condition(statusOf(server), 'Degraded')?.status, 'False');
  assert.equal(statusOf(server)?.phase, 'Creating');
});

test('claims of a StorageClass that does not exist are Degraded with StorageClassNotFound until it does', async () => {
  const { server, user, run, create, events } = setup({ storage: { storageClassName: 'fast' } });
  await create();
  await run();
  // What the StatefulSet controller makes; no storage provisions it.
  await user.create(PVCS, {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: {
      name: 'data-zk-0',
      namespace: NS,
      labels: { 'app.kubernetes.io/name': 'zookeeper', 'app.kubernetes.io/instance': 'zk' },
    },
    spec: { storageClassName: 'fast', resources: { requests: { storage: '10Gi' } } },
    status: { phase: 'Pending' },
  } as KubernetesObject);
  await run();
  const degraded = condition(statusOf(server), 'Degraded');
  assert.equal(degraded?.reason, 'StorageClassNotFound');
  assert.match(
    degraded?.message ?? '',
    /volume claim data-zk-0 asks for StorageClass fast, which does not exist/,
  );
  assert.equal(condition(statusOf(server), 'Ready')?.reason, 'StorageClassNotFound');
  const warnings = () => events.notes.filter((e) => e.type === 'Warning').map((e) => e.reason);
  assert.deepEqual(warnings(), ['StorageClassNotFound']);
  for (let i = 0; i < 3; i++) await run();
  assert.deepEqual(warnings(), ['StorageClassNotFound'], 'one Event, however often zkop looks');

  await user.create(STORAGE_CLASSES, {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: 'fast' },
    provisioner: 'example.com/disks',
  } as KubernetesObject);
  await run();
  assert.equal(condition(statusOf(server), 'Degraded')?.status, 'False');
});

test('an error that passes by itself (a conflict) is thrown without a status or an Event', async () => {
  const bed = setup();
  const { server, run, create, events } = bed;
  await create();
  server.failNext('apply', new ApiError(409, 'Conflict', 'the object has been modified'), 'StatefulSet');
  await assert.rejects(run(), (err) => err instanceof ApiError && err.code === 409);
  assert.equal(statusWrites(bed), 0);
  assert.deepEqual(events.notes, []);
  await run();
  assert.equal(condition(statusOf(server), 'Degraded')?.status, 'False');
});
