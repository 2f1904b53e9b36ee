/**
 * The controller's machinery against the real API server of the test cluster (test/cluster/):
 * plain-JSON server-side apply, the no-op comparison against what the API server stores (with its
 * defaults), repeated reconciles that settle to zero writes, the watch loop and leader election.
 * ZooKeeper itself is not contacted here (members are not inspected): that part needs pod DNS.
 * An operator installed in the cluster (operator-lifecycle.test.ts installs one) would act on this
 * file's objects too, so it is scaled to zero for the file's duration.
 * Needs the cluster up: `bash test/cluster/up.sh`.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { after, before, test } from 'node:test';
import type {
  KubernetesObject,
  V1ConfigMap,
  V1EndpointSlice,
  V1PersistentVolumeClaim,
  V1Pod,
  V1Secret,
  V1Service,
} from '@kubernetes/client-node';
import { pino } from 'pino';
import {
  BACKUP_PLURAL,
  BACKUP_SCHEDULE_PLURAL,
  buildBackupCrd,
  buildBackupScheduleCrd,
} from '../../src/api/backup-crd.ts';
import { buildCrd } from '../../src/api/crd.ts';
import { API_VERSION, KIND } from '../../src/api/spec.ts';
import { buildTenantCrd, TENANT_PLURAL } from '../../src/api/tenant-crd.ts';
import { connect } from '../../src/platform/kubernetes/client/connect.ts';
import type { HttpKubeApi } from '../../src/platform/kubernetes/client/http-api.ts';
import type { KubeApi } from '../../src/platform/kubernetes/client/kube-api.ts';
import {
  CONFIGMAPS,
  ENDPOINT_SLICES,
  EVENTS,
  PODS,
  PVCS,
  type ResourceType,
  resourceOf,
  SECRETS,
  SERVICES,
  ZOOKEEPERS,
} from '../../src/platform/kubernetes/client/resources.ts';
import { startOperator } from '../../src/platform/kubernetes/operator/operator.ts';
import { isUpToDate, withAppliedHash } from '../../src/platform/kubernetes/reconcile/apply-changes.ts';
import type { LiveZooKeeper } from '../../src/platform/kubernetes/reconcile/context.ts';
import type { EnsembleAccess } from '../../src/platform/kubernetes/reconcile/ensemble-access.ts';
import { reconcile } from '../../src/platform/kubernetes/reconcile/reconcile.ts';
import { OWNED_SELECTOR, renderEnsemble } from '../../src/platform/kubernetes/render/index.ts';
import { systemClock } from '../../src/platform/kubernetes/runtime/clock.ts';
import type { EventNote } from '../../src/platform/kubernetes/runtime/events.ts';
import { ApiEventRecorder } from '../../src/platform/kubernetes/runtime/events.ts';
import { LeaderElector } from '../../src/platform/kubernetes/runtime/leader-election.ts';
import { ObjectCache } from '../../src/platform/kubernetes/runtime/object-cache.ts';
import { WatchLoop } from '../../src/platform/kubernetes/runtime/watch-loop.ts';
import type { LiveTenant } from '../../src/platform/kubernetes/tenants/live-tenant.ts';
import { kubectl } from '../cluster/cluster.ts';
import { OPERATOR_NAMESPACE, RELEASE } from './operator-install.ts';

const KUBECONFIG = '.cache/cluster/kubeconfig';
const CRDS: ResourceType = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  plural: 'customresourcedefinitions',
  namespaced: false,
};
const NAMESPACES: ResourceType = {
  apiVersion: 'v1',
  kind: 'Namespace',
  plural: 'namespaces',
  namespaced: false,
};
const NS = `zkop-e2e-ctrl-${randomBytes(3).toString('hex')}`;

let api: HttpKubeApi;
let installedReplicas: string | undefined;

const WRITES = new Set(['apply', 'applyStatus', 'create', 'replace', 'mergePatch', 'delete']);

/** Counts the calls, and lists the write calls, made through it. */
function counting(inner: KubeApi): { api: KubeApi; writes: string[]; calls: string[] } {
  const writes: string[] = [];
  const calls: string[] = [];
  const wrapped = new Proxy(inner, {
    get(target, prop: string) {
      const value = Reflect.get(target, prop) as (...args: unknown[]) => unknown;
      return (...args: unknown[]) => {
        calls.push(`${prop} ${(args[0] as ResourceType).kind}`);
        if (WRITES.has(prop)) {
          const [type, obj] = args as [ResourceType, KubernetesObject | { name: string }];
          writes.push(
            `${prop} ${type.kind} ${'metadata' in obj ? obj.metadata?.name : (obj as { name: string }).name}`,
          );
        }
        return value.apply(target, args);
      };
    },
  });
  return { api: wrapped, writes, calls };
}

async function until<T>(what: string, check: () => Promise<T | undefined>, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

before(async () => {
  if (!existsSync(KUBECONFIG))
    throw new Error(`no test cluster: ${KUBECONFIG} is missing; start it with bash test/cluster/up.sh`);
  api = await connect({ kubeconfig: KUBECONFIG });
  const deployment = ['-n', OPERATOR_NAMESPACE, 'deployment', RELEASE];
  const replicas = kubectl(['get', ...deployment, '-o', 'jsonpath={.spec.replicas}']);
  if (replicas.code === 0) {
    installedReplicas = replicas.stdout.trim();
    kubectl(['scale', ...deployment, '--replicas=0']);
    kubectl([
      'wait',
      '--for=delete',
      'pod',
      '-n',
      OPERATOR_NAMESPACE,
      '-l',
      'app.kubernetes.io/name=zkop',
      '--timeout=60s',
    ]);
  }
  // The operator watches tenants and backups too: it reconciles nothing until it can.
  for (const [crd, name] of [
    [buildCrd(), 'zookeepers.zookeeper.zkop.dev'],
    [buildTenantCrd(), `${TENANT_PLURAL}.zookeeper.zkop.dev`],
    [buildBackupCrd(), `${BACKUP_PLURAL}.zookeeper.zkop.dev`],
    [buildBackupScheduleCrd(), `${BACKUP_SCHEDULE_PLURAL}.zookeeper.zkop.dev`],
  ] as const) {
    await api.apply(CRDS, crd as KubernetesObject);
    await until(`the CRD ${name} to be established`, async () => {
      const live = (await api.get(CRDS, { name })) as
        | { status?: { conditions?: { type: string; status: string }[] } }
        | undefined;
      return live?.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True');
    });
  }
  await api.create(NAMESPACES, {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: NS, labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } },
  });
});

after(async () => {
  if (installedReplicas !== undefined) {
    kubectl(['scale', '-n', OPERATOR_NAMESPACE, 'deployment', RELEASE, `--replicas=${installedReplicas}`]);
  }
  if (!api) return;
  const zk = await api.get(ZOOKEEPERS, { namespace: NS, name: 'zk' });
  if (zk) await api.mergePatch(ZOOKEEPERS, { namespace: NS, name: 'zk' }, { metadata: { finalizers: null } });
  await api.delete(NAMESPACES, { name: NS });
});

async function createZooKeeper(): Promise<LiveZooKeeper> {
  return (await api.apply(ZOOKEEPERS, {
    apiVersion: API_VERSION,
    kind: KIND,
    metadata: { name: 'zk', namespace: NS },
    spec: { version: '3.9.4' },
  } as KubernetesObject)) as LiveZooKeeper;
}

test('every rendered object, applied as plain JSON, reads back as up to date', async () => {
  const zk = await createZooKeeper();
  const { objects } = renderEnsemble(zk);
  for (const object of objects) await api.apply(resourceOf(object), withAppliedHash(object));
  for (const object of objects) {
    const live = await api.get(resourceOf(object), { namespace: NS, name: object.metadata?.name ?? '' });
    assert.ok(
      isUpToDate(live, withAppliedHash(object)),
      `${object.kind} ${object.metadata?.name} differs from what the API server stores`,
    );
  }
});

test('reconciles settle to zero writes on the real API server', async () => {
  const { api: countingApi, writes } = counting(await connect({ kubeconfig: KUBECONFIG }));
  const zookeepers = new ObjectCache<LiveZooKeeper>();
  const pods = new ObjectCache<V1Pod>();
  const claims = new ObjectCache<V1PersistentVolumeClaim>();
  const services = new ObjectCache<V1Service>();
  const endpointSlices = new ObjectCache<V1EndpointSlice>();
  const ownSecrets = new ObjectCache<V1Secret>();
  const tenants = new ObjectCache<LiveTenant>();
  const silent: EnsembleAccess = {
    inspect: async () => ({
      members: [],
      leaderId: undefined,
      leaderSync: undefined,
      committedConfig: undefined,
      problems: [],
    }),
    reconfigure: async () => ({ applied: false, why: 'not contacted in this test' }),
  };
  const events: EventNote[] = [];
  const ctx = {
    api: countingApi,
    zookeepers,
    pods,
    claims,
    services,
    endpointSlices,
    ownSecrets,
    tenants,
    read: (type: ResourceType, ref: { namespace?: string; name: string }) => api.get(type, ref),
    ensemble: silent,
    events: { record: async (_o: KubernetesObject, e: EventNote) => void events.push(e) },
    clock: systemClock,
  };
  const pass = async () => {
    zookeepers.replace((await api.list<LiveZooKeeper>(ZOOKEEPERS, { namespace: NS })).items);
    pods.replace((await api.list<V1Pod>(PODS, { namespace: NS })).items);
    claims.replace((await api.list<V1PersistentVolumeClaim>(PVCS, { namespace: NS })).items);
    services.replace((await api.list<V1Service>(SERVICES, { namespace: NS })).items);
    endpointSlices.replace((await api.list<V1EndpointSlice>(ENDPOINT_SLICES, { namespace: NS })).items);
    ownSecrets.replace(
      (await api.list<V1Secret>(SECRETS, { namespace: NS, labelSelector: OWNED_SELECTOR })).items,
    );
    const before = writes.length;
    await reconcile(ctx, `${NS}/zk`);
    return writes.slice(before);
  };
  const first = await pass();
  assert.ok(first.length > 0, 'the first reconcile writes');
  // Pods and claims appear over a few seconds and change the status; then nothing changes.
  await until(
    'a reconcile without writes',
    async () => ((await pass()).length === 0 ? true : undefined),
    90_000,
  );
  await new Promise((r) => setTimeout(r, 2000));
  for (let i = 0; i < 3; i++) assert.deepEqual(await pass(), [], `idle pass ${i}`);
});

test('the operator process reconciles through its watches and, idle, writes nothing but its Lease', async () => {
  const counted = counting(await connect({ kubeconfig: KUBECONFIG }));
  const stop = new AbortController();
  const running = await startOperator(
    {
      api: counted.api,
      ensemble: {
        inspect: async () => ({
          members: [],
          leaderId: undefined,
          leaderSync: undefined,
          committedConfig: undefined,
          problems: [],
        }),
        reconfigure: async () => ({ applied: false, why: 'not contacted in this test' }),
      },
      clock: systemClock,
      random: Math.random,
      log: pino({ level: 'silent' }),
    },
    {
      namespaces: [NS],
      leaderElection: true,
      leaseNamespace: NS,
      leaseName: 'zkop-e2e-operator',
      identity: 'e2e-operator',
      metricsAddress: '127.0.0.1:0',
      resyncMs: 1000,
    },
    stop.signal,
  );
  try {
    const base = `http://127.0.0.1:${running.health.address.port}`;
    await until(
      'the operator to be ready',
      async () => (await fetch(`${base}/readyz`)).status === 200 || undefined,
      30_000,
    );
    const reconciles = async () => {
      const text = await (await fetch(`${base}/metrics`)).text();
      return Number(/zkop_reconciles_total\{result="success"\} (\d+)/.exec(text)?.[1] ?? 0);
    };
    await until('a reconcile', async () => ((await reconciles()) > 0 ? true : undefined), 30_000);
    await new Promise((r) => setTimeout(r, 3000));
    const [writesBefore, callsBefore, reconcilesBefore] = [
      counted.writes.length,
      counted.calls.length,
      await reconciles(),
    ];
    await new Promise((r) => setTimeout(r, 6000));
    const idleWrites = counted.writes.slice(writesBefore).filter((w) => !w.startsWith('replace Lease'));
    const idleReconciles = (await reconciles()) - reconcilesBefore;
    const idleCalls = counted.calls.slice(callsBefore).filter((c) => !c.endsWith(' Lease'));
    assert.ok(idleReconciles >= 3, `resync reconciled ${idleReconciles} times`);
    assert.deepEqual(idleWrites, []);
    process.stderr.write(
      `idle: ${idleReconciles} reconciles, ${idleCalls.length} API calls (${(idleCalls.length / idleReconciles).toFixed(1)} per reconcile, all reads), 0 writes\n`,
    );
  } finally {
    stop.abort();
    await running.done;
  }
});

test('an Event about a ZooKeeper is accepted and reads back', async () => {
  const zk = await api.get<LiveZooKeeper>(ZOOKEEPERS, { namespace: NS, name: 'zk' });
  assert.ok(zk);
  const failures: unknown[] = [];
  const recorder = new ApiEventRecorder(api, systemClock, 'e2e-operator', (err) => failures.push(err));
  await recorder.record(zk, {
    type: 'Normal',
    reason: 'RestartMember',
    action: 'RestartMember',
    note: 'restart member 2: e2e',
  });
  assert.deepEqual(failures, []);
  const events = await api.list<KubernetesObject & { reason?: string; regarding?: { uid?: string } }>(
    EVENTS,
    { namespace: NS },
  );
  assert.ok(events.items.some((e) => e.reason === 'RestartMember' && e.regarding?.uid === zk.metadata.uid));
});

test('the watch loop follows a namespace of the real API server', async () => {
  const seen: string[] = [];
  const loop = new WatchLoop<V1ConfigMap>({
    api,
    type: CONFIGMAPS,
    namespace: NS,
    labelSelector: 'e2e=watch',
    clock: systemClock,
    random: Math.random,
    watchTimeoutSeconds: 5,
    onChange: (change, object) => seen.push(`${change} ${object.metadata?.name}`),
  });
  loop.start();
  try {
    await loop.waitForSync();
    await api.apply(CONFIGMAPS, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'w', namespace: NS, labels: { e2e: 'watch' } },
      data: { a: '1' },
    });
    await until('the ADDED event', async () => seen.includes('added w') || undefined, 10_000);
    // The server ends the watch after 5-10 s; the loop resumes without missing the next change.
    await new Promise((r) => setTimeout(r, 11_000));
    await api.delete(CONFIGMAPS, { namespace: NS, name: 'w' });
    await until('the DELETED event', async () => seen.includes('deleted w') || undefined, 10_000);
    assert.equal(loop.lists, 1, 'no relist was needed');
  } finally {
    await loop.stop();
  }
});

test('leader election hands the real Lease over when the leader shuts down', async () => {
  const make = (identity: string) =>
    new LeaderElector({
      api,
      namespace: NS,
      name: 'zkop-e2e',
      identity,
      clock: systemClock,
      leaseDurationMs: 3000,
      renewDeadlineMs: 2000,
      retryPeriodMs: 300,
    });
  const a = make('a');
  const b = make('b');
  const stopA = new AbortController();
  const stopB = new AbortController();
  const log: string[] = [];
  const runA = a.run(stopA.signal, {
    onStartedLeading: () => void log.push('a leads'),
    onStoppedLeading: () => void log.push('a stops'),
  });
  await until('a to lead', async () => a.isLeader || undefined, 10_000);
  const runB = b.run(stopB.signal, {
    onStartedLeading: () => void log.push('b leads'),
    onStoppedLeading: () => void log.push('b stops'),
  });
  await new Promise((r) => setTimeout(r, 4000));
  assert.equal(b.isLeader, false, 'a renews, so b waits');
  stopA.abort();
  await runA;
  const handedAt = Date.now();
  await until('b to lead', async () => b.isLeader || undefined, 10_000);
  assert.ok(Date.now() - handedAt < 2000, 'a released the Lease, so b did not wait for it to expire');
  stopB.abort();
  await runB;
  assert.deepEqual(log, ['a leads', 'a stops', 'b leads', 'b stops']);
});
