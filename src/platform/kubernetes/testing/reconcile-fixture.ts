/** A reconcile test bed: the in-memory API server, watch caches, a fake ensemble and a user. */
import type {
  KubernetesObject,
  V1EndpointSlice,
  V1PersistentVolumeClaim,
  V1Pod,
  V1Secret,
  V1Service,
  V1StatefulSet,
} from '@kubernetes/client-node';
import { API_VERSION, KIND, type ZooKeeperSpec, type ZooKeeperStatus } from '../../../api/spec.ts';
import type { EnsembleObservation } from '../../../zk/observation.ts';
import type { TlsOptions } from '../../../zk/tls-options.ts';
import {
  ENDPOINT_SLICES,
  PODS,
  PVCS,
  SECRETS,
  SERVICES,
  STATEFULSETS,
  STORAGE_CLASSES,
  TENANTS,
  ZOOKEEPERS,
} from '../client/resources.ts';
import type { LiveZooKeeper, ReconcileContext } from '../reconcile/context.ts';
import type { EnsembleAccess, MemberReach, ReconfigureStep } from '../reconcile/ensemble-access.ts';
import { reconcile } from '../reconcile/reconcile.ts';
import { OWNED_SELECTOR, selectorLabels } from '../render/index.ts';
import type { EventNote, EventRecorder } from '../runtime/events.ts';
import { ObjectCache } from '../runtime/object-cache.ts';
import type { LiveTenant } from '../tenants/live-tenant.ts';
import { FakeKubeApi } from './fake-api.ts';
import { FakeClock } from './fake-clock.ts';

export const NS = 'demo';
export const KEY = `${NS}/zk`;
export const REF = { namespace: NS, name: 'zk' };

/**
 * ZooKeeper as the members would answer: every running pod serves (but those `starting`, which
 * answer without serving yet), the first voter leads, and a reconfig takes effect at once.
 */
export class FakeEnsemble implements EnsembleAccess {
  voters = [1, 2, 3];
  observers: number[] = [];
  starting: number[] = [];
  version = 0x100000000n;
  reconfigs: ReconfigureStep[] = [];

  /** The members asked, and how, by the last inspect. */
  asked: readonly MemberReach[] = [];
  askedWith: TlsOptions | undefined;

  async inspect(
    _zk: unknown,
    members: readonly MemberReach[],
    client?: TlsOptions,
  ): Promise<EnsembleObservation> {
    this.asked = members;
    this.askedWith = client;
    const observation = this.#serving(members.map((m) => m.id));
    return {
      ...observation,
      members: observation.members.map((m) =>
        this.starting.includes(m.id) ? { ...m, serving: false, mode: 'not-serving', synced: false } : m,
      ),
    };
  }

  #serving(ids: readonly number[]): EnsembleObservation {
    const members = [
      ...this.voters.map((id) => ({ id, role: 'participant' as const, quorumAddresses: [] })),
      ...this.observers.map((id) => ({ id, role: 'observer' as const, quorumAddresses: [] })),
    ];
    const leaderId = this.voters[0];
    const listed = (id: number) => this.voters.includes(id) || this.observers.includes(id);
    return {
      members: ids.map((id) => ({
        id,
        reachable: true,
        serving: true,
        mode: id === leaderId ? 'leader' : this.voters.includes(id) ? 'follower' : 'observer',
        zxid: this.version + 5n,
        epoch: 1,
        configVersion: this.version,
        // A joiner runs with the committed config plus itself as an observer.
        config: {
          version: this.version,
          members: listed(id)
            ? members
            : [...members, { id, role: 'observer' as const, quorumAddresses: [] }],
          otherLines: [],
        },
        version: '3.9.4',
        clientConnections: 0,
        synced: true,
        committedRole: this.voters.includes(id)
          ? 'participant'
          : this.observers.includes(id)
            ? 'observer'
            : 'absent',
        problems: [],
      })),
      leaderId,
      leaderSync: undefined,
      committedConfig: { version: this.version, members, source: 'zookeeper-config' },
      problems: [],
    };
  }

  async reconfigure(_zk: unknown, step: ReconfigureStep) {
    this.reconfigs.push(step);
    this.voters = this.voters.filter((id) => id !== step.id);
    this.observers = this.observers.filter((id) => id !== step.id);
    if (step.role === 'participant') this.voters.push(step.id);
    if (step.role === 'observer') this.observers.push(step.id);
    this.version += 1n;
    return { applied: true as const };
  }
}

export class Events implements EventRecorder {
  readonly notes: EventNote[] = [];
  async record(_regarding: KubernetesObject, event: EventNote): Promise<void> {
    this.notes.push(event);
  }
}

export function setup(spec: Partial<ZooKeeperSpec> = {}) {
  const server = new FakeKubeApi();
  const user = server.client('kubectl');
  const api = server.client();
  const zookeepers = new ObjectCache<LiveZooKeeper>();
  const pods = new ObjectCache<V1Pod>();
  const claims = new ObjectCache<V1PersistentVolumeClaim>();
  const services = new ObjectCache<V1Service>();
  const endpointSlices = new ObjectCache<V1EndpointSlice>();
  const ownSecrets = new ObjectCache<V1Secret>();
  const tenants = new ObjectCache<LiveTenant>();
  const ensemble = new FakeEnsemble();
  const events = new Events();
  const ctx: ReconcileContext = {
    api,
    zookeepers,
    pods,
    claims,
    services,
    endpointSlices,
    ownSecrets,
    tenants,
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
    services.replace((await api.list<V1Service>(SERVICES)).items);
    endpointSlices.replace((await api.list<V1EndpointSlice>(ENDPOINT_SLICES)).items);
    ownSecrets.replace((await api.list<V1Secret>(SECRETS, { labelSelector: OWNED_SELECTOR })).items);
    tenants.replace((await api.list<LiveTenant>(TENANTS)).items);
  };
  /** One reconcile, optionally with other operator settings; what it wrote and read. */
  const run = async (over: Partial<ReconcileContext> = {}) => {
    await sync();
    const before = server.writes().length;
    const callsBefore = server.calls.length;
    const result = await reconcile({ ...ctx, ...over }, KEY);
    return { ...result, writes: server.writes().slice(before), calls: server.calls.slice(callsBefore) };
  };
  const create = (over: Partial<ZooKeeperSpec> = {}) =>
    user.create(ZOOKEEPERS, {
      apiVersion: API_VERSION,
      kind: KIND,
      metadata: { name: 'zk', namespace: NS },
      spec: { version: '3.9.4', ...spec, ...over },
    } as KubernetesObject);
  /** What garbage collection does once the StatefulSet is gone: its pods go too. */
  const removePods = async () => {
    for (const pod of (await user.list<V1Pod>(PODS, { namespace: NS })).items) {
      await user.delete(PODS, { namespace: NS, name: pod.metadata?.name ?? '' });
    }
  };
  /**
   * What the StatefulSet controller and the storage would do: a running pod (owned by the
   * StatefulSet) per replica and, from each claim template, a claim bound at the size it asks for.
   */
  const startPods = async () => {
    const sts = server.peek<V1StatefulSet>(STATEFULSETS, REF);
    const template = sts?.spec?.template.metadata ?? {};

    const owner = { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'zk', uid: sts?.metadata?.uid ?? '' };
    for (let ordinal = 0; ordinal < (sts?.spec?.replicas ?? 0); ordinal++) {
      const name = `zk-${ordinal}`;
      if (!server.peek(PODS, { namespace: NS, name })) {
        await user.create(PODS, {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: {
            name,
            namespace: NS,
            labels: { ...selectorLabels('zk'), ...template.labels },
            annotations: { ...template.annotations },
            ownerReferences: [{ ...owner, controller: true, blockOwnerDeletion: true }],
          },
          spec: { containers: [{ name: 'zookeeper', image: 'zookeeper:3.9.4' }] },
          status: { phase: 'Running', startTime: new Date(ctx.clock.now()) },
        } as V1Pod);
      }
      for (const claimTemplate of sts?.spec?.volumeClaimTemplates ?? []) {
        const claim = `${claimTemplate.metadata?.name}-${name}`;
        if (server.peek(PVCS, { namespace: NS, name: claim })) continue;
        const spec = claimTemplate.spec ?? {};
        await user.create(PVCS, {
          apiVersion: 'v1',
          kind: 'PersistentVolumeClaim',
          metadata: { name: claim, namespace: NS, labels: selectorLabels('zk') },
          spec: { ...spec, storageClassName: spec.storageClassName ?? 'standard' },
          status: { phase: 'Bound', capacity: { ...spec.resources?.requests } },
        } as V1PersistentVolumeClaim);
      }
    }
  };
  /** What the StatefulSet controller does when its replicas go down: the pods above them go. */
  const stopPods = async () => {
    const replicas = server.peek<V1StatefulSet>(STATEFULSETS, REF)?.spec?.replicas ?? 0;
    for (const pod of (await user.list<V1Pod>(PODS, { namespace: NS })).items) {
      const name = pod.metadata?.name ?? '';
      if (Number(name.slice('zk-'.length)) >= replicas) await user.delete(PODS, { namespace: NS, name });
    }
  };
  /** The cluster's default StorageClass, as an administrator made it. */
  const storageClass = (allowVolumeExpansion: boolean) =>
    user.apply(STORAGE_CLASSES, {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: 'standard' },
      provisioner: 'example.com/disks',
      allowVolumeExpansion,
    } as KubernetesObject);
  return { server, user, ctx, ensemble, events, run, create, startPods, stopPods, removePods, storageClass };
}

/**
 * Reconciles, letting the StatefulSet controller act in between, until nothing is left to do; `each`
 * sees the test bed after every round. Returns what was done beyond applying objects and writing status.
 */
export async function settle(
  bed: ReturnType<typeof setup>,
  rounds = 20,
  each: () => void = () => undefined,
): Promise<string[]> {
  const actions: string[] = [];
  for (let i = 0; i < rounds; i++) {
    const result = await bed.run();
    actions.push(...result.actions.filter((a) => a !== 'write status' && !a.startsWith('apply ')));
    await bed.startPods();
    await bed.stopPods();
    each();
    if (result.ready && result.requeueAfterMs === undefined) return actions;
  }
  throw new Error(`not settled after ${rounds} reconciles: ${actions.join(', ')}`);
}

export const statusOf = (server: FakeKubeApi) =>
  (server.peek(ZOOKEEPERS, REF) as { status?: ZooKeeperStatus }).status;
export const condition = (status: ZooKeeperStatus | undefined, type: string) =>
  status?.conditions?.find((c) => c.type === type);
