import assert from 'node:assert/strict';
import { test } from 'node:test';
import type {
  KubernetesObject,
  V1PersistentVolumeClaim,
  V1Pod,
  V1StatefulSet,
} from '@kubernetes/client-node';
import { API_VERSION, KIND, type ZooKeeperSpec, type ZooKeeperStatus } from '../../api/spec.ts';
import type { EnsembleObservation } from '../../zk/observation.ts';
import type { EnsembleAccess, ReconfigureStep } from './ensemble-access.ts';
import type { EventNote, EventRecorder } from './events.ts';
import { FakeKubeApi } from './fake-api.ts';
import { FakeClock } from './fake-clock.ts';
import { HOLDS_DATA_ANNOTATION } from './member-facts.ts';
import { ObjectCache } from './object-cache.ts';
import { type LiveZooKeeper, type ReconcileContext, reconcile } from './reconcile.ts';
import { CONFIG_HASH_ANNOTATION, selectorLabels } from './render/index.ts';
import { CONFIGMAPS, PODS, PVCS, SECRETS, STATEFULSETS, ZOOKEEPERS } from './resources.ts';

const NS = 'demo';
const KEY = `${NS}/zk`;
const REF = { namespace: NS, name: 'zk' };

/** ZooKeeper as the members would answer: every running pod serves, member 1 leads. */
class FakeEnsemble implements EnsembleAccess {
  voters = [1, 2, 3];
  version = 0x100000000n;
  reconfigs: ReconfigureStep[] = [];

  async inspect(_zk: unknown, ids: readonly number[]): Promise<EnsembleObservation> {
    const members = this.voters.map((id) => ({ id, role: 'participant' as const, quorumAddresses: [] }));
    return {
      members: ids.map((id) => ({
        id,
        reachable: true,
        serving: true,
        mode: id === 1 ? 'leader' : this.voters.includes(id) ? 'follower' : 'observer',
        zxid: this.version + 5n,
        epoch: 1,
        configVersion: this.version,
        // A joiner runs with the committed config plus itself as an observer.
        config: {
          version: this.version,
          members: this.voters.includes(id)
            ? members
            : [...members, { id, role: 'observer' as const, quorumAddresses: [] }],
          otherLines: [],
        },
        version: '3.9.4',
        clientConnections: 0,
        synced: true,
        committedRole: this.voters.includes(id) ? 'participant' : 'absent',
        problems: [],
      })),
      leaderId: 1,
      leaderSync: undefined,
      committedConfig: { version: this.version, members, source: 'zookeeper-config' },
      problems: [],
    };
  }

  async reconfigure(_zk: unknown, step: ReconfigureStep) {
    this.reconfigs.push(step);
    return { applied: true as const };
  }
}

class Events implements EventRecorder {
  readonly notes: EventNote[] = [];
  async record(_regarding: KubernetesObject, event: EventNote): Promise<void> {
    this.notes.push(event);
  }
}

function setup(spec: Partial<ZooKeeperSpec> = {}) {
  const server = new FakeKubeApi();
  const user = server.client('kubectl');
  const api = server.client();
  const zookeepers = new ObjectCache<LiveZooKeeper>();
  const pods = new ObjectCache<V1Pod>();
  const claims = new ObjectCache<V1PersistentVolumeClaim>();
  const ensemble = new FakeEnsemble();
  const events = new Events();
  const ctx: ReconcileContext = {
    api,
    zookeepers,
    pods,
    claims,
    read: (type, ref) => api.get(type, ref),
    ensemble,
    events,
    clock: new FakeClock(),
    newPassword: () => 'not-random',
  };
  /** What the watch loops would have in their caches by now. */
  const sync = async () => {
    zookeepers.replace((await api.list<LiveZooKeeper>(ZOOKEEPERS)).items);
    pods.replace((await api.list<V1Pod>(PODS)).items);
    claims.replace((await api.list<V1PersistentVolumeClaim>(PVCS)).items);
  };
  const run = async () => {
    await sync();
    const before = server.writes().length;
    const callsBefore = server.calls.length;
    const result = await reconcile(ctx, KEY);
    return { ...result, writes: server.writes().slice(before), calls: server.calls.slice(callsBefore) };
  };
  const create = () =>
    user.create(ZOOKEEPERS, {
      apiVersion: API_VERSION,
      kind: KIND,
      metadata: { name: 'zk', namespace: NS },
      spec: { version: '3.9.4', ...spec },
    } as KubernetesObject);
  /** What the StatefulSet controller would do: a running pod and a volume claim per replica. */
  const startPods = async () => {
    const sts = server.peek<V1StatefulSet>(STATEFULSETS, REF);
    const hash = sts?.spec?.template.metadata?.annotations?.[CONFIG_HASH_ANNOTATION] ?? '';
    for (let ordinal = 0; ordinal < (sts?.spec?.replicas ?? 0); ordinal++) {
      const name = `zk-${ordinal}`;
      if (!server.peek(PODS, { namespace: NS, name })) {
        await user.create(PODS, {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: {
            name,
            namespace: NS,
            labels: selectorLabels('zk'),
            annotations: { [CONFIG_HASH_ANNOTATION]: hash },
          },
          spec: { containers: [{ name: 'zookeeper', image: 'zookeeper:3.9.4' }] },
          status: { phase: 'Running' },
        } as V1Pod);
      }
      if (!server.peek(PVCS, { namespace: NS, name: `data-${name}` })) {
        await user.create(PVCS, {
          apiVersion: 'v1',
          kind: 'PersistentVolumeClaim',
          metadata: { name: `data-${name}`, namespace: NS, labels: selectorLabels('zk') },
        } as V1PersistentVolumeClaim);
      }
    }
  };
  return { server, user, ctx, ensemble, events, run, create, startPods };
}

const statusOf = (server: FakeKubeApi) =>
  (server.peek(ZOOKEEPERS, REF) as { status?: ZooKeeperStatus }).status;
const condition = (status: ZooKeeperStatus | undefined, type: string) =>
  status?.conditions?.find((c) => c.type === type);

test('a new ensemble gets its objects, a Secret, a finalizer and a status; the next reconcile writes nothing', async () => {
  const { server, run, create } = setup();
  await create();
  const first = await run();
  assert.ok(first.actions.includes('apply StatefulSet zk'), first.actions.join(', '));
  assert.ok(first.actions.includes('create Secret zk-super'));
  assert.ok(first.actions.includes('set finalizer'));
  assert.equal(server.peek<V1StatefulSet>(STATEFULSETS, REF)?.spec?.replicas, 3);
  assert.ok(server.peek(CONFIGMAPS, { namespace: NS, name: 'zk-config' }));
  assert.ok(server.peek(SECRETS, { namespace: NS, name: 'zk-super' }));
  assert.equal(statusOf(server)?.phase, 'Creating');
  assert.equal(first.requeueAfterMs, 5000);

  const second = await run();
  assert.deepEqual(second.writes, []);
  assert.deepEqual(second.actions, []);
});

test('a serving ensemble becomes Ready; once its volumes are marked, a reconcile makes no write call', async () => {
  const { server, run, create, startPods } = setup();
  await create();
  await run();
  await startPods();
  const serving = await run();
  assert.ok(serving.ready);
  assert.ok(serving.actions.includes('mark volume data-zk-0'));
  const status = statusOf(server);
  assert.equal(status?.phase, 'Running');
  assert.equal(status?.leader, 'zk-0');
  assert.equal(status?.readyMembers, '3/3');
  assert.equal(status?.configVersion, '0x100000000');
  assert.equal(status?.version, '3.9.4');
  assert.equal(status?.endpoints?.client, 'zk-client.demo.svc:2181');
  assert.equal(condition(status, 'Ready')?.status, 'True');
  assert.equal(condition(status, 'Available')?.status, 'True');
  assert.equal(condition(status, 'Degraded')?.status, 'False');
  assert.deepEqual(
    status?.members?.map((m) => [m.name, m.role, m.state, m.voting]),
    [
      ['zk-0', 'leader', 'serving', true],
      ['zk-1', 'follower', 'serving', true],
      ['zk-2', 'follower', 'serving', true],
    ],
  );
  assert.equal(
    server.peek<V1PersistentVolumeClaim>(PVCS, { namespace: NS, name: 'data-zk-1' })?.metadata?.annotations?.[
      HOLDS_DATA_ANNOTATION
    ],
    'true',
  );

  for (let i = 0; i < 3; i++) {
    const idle = await run();
    assert.deepEqual(idle.writes, [], `idle reconcile ${i} wrote ${JSON.stringify(idle.writes)}`);
    // Reads only: the super user Secret and each rendered object (the controller serves the
    // StatefulSet and ConfigMap from its caches).
    assert.deepEqual(
      idle.calls.map((c) => `${c.verb} ${c.kind}`),
      [
        'get Secret',
        'get StatefulSet',
        'get ServiceAccount',
        'get ConfigMap',
        'get Service',
        'get Service',
        'get Service',
        'get PodDisruptionBudget',
        'get StatefulSet',
      ],
    );
    assert.equal(idle.requeueAfterMs, undefined);
  }
});

test('an invalid spec is refused in the status with its message, and nothing is applied', async () => {
  const { server, run, create } = setup({ replicas: 4 });
  await create();
  const result = await run();
  assert.equal(result.operation, 'Invalid');
  assert.deepEqual(
    result.writes.map((w) => w.verb),
    ['applyStatus'],
  );
  const ready = condition(statusOf(server), 'Ready');
  assert.equal(ready?.reason, 'InvalidSpec');
  assert.match(ready?.message ?? '', /spec\.replicas: must be odd/);
  assert.equal(statusOf(server)?.phase, 'Failed');
  assert.deepEqual((await run()).writes, []);
});

test('a config change re-applies the config and rolls a follower first, with an Event', async () => {
  const { server, user, run, create, startPods, events } = setup();
  await create();
  await run();
  await startPods();
  await run();
  const zk = server.peek<LiveZooKeeper>(ZOOKEEPERS, REF);
  await user.apply(ZOOKEEPERS, {
    ...zk,
    spec: { ...zk?.spec, config: { tickTime: 3000 } },
  } as KubernetesObject);
  const oldPods = ['zk-0', 'zk-1', 'zk-2'].map(
    (name) => server.peek<V1Pod>(PODS, { namespace: NS, name })?.metadata?.uid,
  );
  const result = await run();
  assert.ok(result.actions.includes('apply ConfigMap zk-config'), result.actions.join(', '));
  assert.ok(result.actions.includes('apply StatefulSet zk'));
  const restarted = result.actions.find((a) => a.startsWith('restart member'));
  assert.ok(restarted && restarted !== 'restart member 1', `restarted ${restarted}`);
  const deleted = result.writes.filter((w) => w.verb === 'delete' && w.kind === 'Pod');
  assert.equal(deleted.length, 1);
  assert.equal(events.notes.at(-1)?.reason, 'RestartMember');
  assert.equal(statusOf(server)?.phase, 'Restarting');
  assert.equal(condition(statusOf(server), 'Progressing')?.status, 'True');
  const survivors = ['zk-0', 'zk-1', 'zk-2'].filter((name) => server.peek(PODS, { namespace: NS, name }));
  assert.equal(survivors.length, 2);
  assert.ok(oldPods.every(Boolean));
});

test('deletion with policy Delete removes the volume claims, then lets the object go', async () => {
  const { server, user, run, create, startPods } = setup();
  await create();
  await run();
  await startPods();
  await run();
  await user.delete(ZOOKEEPERS, REF);
  assert.ok(server.peek(ZOOKEEPERS, REF), 'held by the finalizer');
  const result = await run();
  assert.deepEqual(result.actions, [
    'delete volume claim data-zk-0',
    'delete volume claim data-zk-1',
    'delete volume claim data-zk-2',
  ]);
  assert.equal(server.peek(ZOOKEEPERS, REF), undefined);
  assert.equal(server.peek(PVCS, { namespace: NS, name: 'data-zk-0' }), undefined);
  assert.equal(server.peek(STATEFULSETS, REF), undefined, 'owned objects are garbage collected');
});

test('policy Retain sets no finalizer: claims outlive the object', async () => {
  const { server, user, run, create, startPods } = setup({ deletionPolicy: 'Retain' });
  await create();
  const first = await run();
  assert.ok(!first.actions.includes('set finalizer'));
  await startPods();
  await user.delete(ZOOKEEPERS, REF);
  assert.equal(server.peek(ZOOKEEPERS, REF), undefined);
  assert.ok(server.peek(PVCS, { namespace: NS, name: 'data-zk-0' }));
});

test('policy DoNotTerminate holds the object and says how to let it go', async () => {
  const { server, user, run, create } = setup({ deletionPolicy: 'DoNotTerminate' });
  await create();
  await run();
  await user.delete(ZOOKEEPERS, REF);
  const result = await run();
  assert.equal(result.operation, 'Deleting');
  assert.ok(server.peek(ZOOKEEPERS, REF));
  assert.match(
    condition(statusOf(server), 'Ready')?.message ?? '',
    /set spec\.deletionPolicy to Delete or Retain/,
  );
  assert.deepEqual((await run()).writes, []);
});

test('scaling up raises the StatefulSet one member at a time, then promotes by reconfig', async () => {
  const { server, user, run, create, startPods, ensemble } = setup();
  await create();
  await run();
  await startPods();
  await run();
  const zk = server.peek<LiveZooKeeper>(ZOOKEEPERS, REF);
  await user.apply(ZOOKEEPERS, { ...zk, spec: { ...zk?.spec, replicas: 5 } } as KubernetesObject);
  const grow = await run();
  assert.ok(grow.actions.includes('start member 4 as observer'), grow.actions.join(', '));
  assert.equal(server.peek<V1StatefulSet>(STATEFULSETS, REF)?.spec?.replicas, 4);
  await startPods();
  const add = await run();
  assert.ok(
    add.actions.some((a) => a.startsWith('reconfig: add member 4')),
    add.actions.join(', '),
  );
  assert.equal(ensemble.reconfigs[0]?.id, 4);
  assert.equal(ensemble.reconfigs[0]?.role, 'participant');
});

test('a paused ensemble gets no object and no step, only its status', async () => {
  const { server, user, run, create, startPods } = setup();
  await create();
  await run();
  await startPods();
  await run();
  const zk = server.peek<LiveZooKeeper>(ZOOKEEPERS, REF);
  await user.apply(ZOOKEEPERS, {
    ...zk,
    spec: { ...zk?.spec, paused: true, config: { tickTime: 3000 } },
  } as KubernetesObject);
  const paused = await run();
  assert.equal(paused.operation, 'Paused');
  assert.deepEqual(
    paused.writes.map((w) => w.verb),
    ['applyStatus'],
  );
  assert.equal(condition(statusOf(server), 'Progressing')?.reason, 'Paused');
  assert.deepEqual((await run()).writes, []);
});
