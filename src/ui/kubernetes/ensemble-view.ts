/**
 * A ZooKeeper object as `zkop ui` shows it, from what the user's kubeconfig may read: the object's
 * status (what the operator observed: members, operation, conditions), its pods (node, address,
 * restarts, metrics port), the members' own answers through the API server's pod proxy (role and
 * zxid, live) and the object's recent Events. Pure. Shaped like the local ensembles' JSON where the
 * page shares a field (name, members with id, role, state, zxid, version, metricsUrl, problem), with
 * what only Kubernetes has beside it (namespace, phase, pod, node, conditions, events).
 */
import type { V1Pod } from '@kubernetes/client-node';
import type { Condition, ZooKeeperStatus } from '../../api/spec.ts';
import { quorum } from '../../engine/index.ts';
import { SERVER_CONTAINER } from '../../platform/kubernetes/render/containers.ts';
import { memberIdOfOrdinal, memberPodName, selectorLabels } from '../../platform/kubernetes/render/index.ts';
import type { EnsembleStatus } from '../../platform/local/index.ts';

/** What a member answered through the pod proxy, or why it did not. */
export interface MemberAnswer {
  /** leader, follower, observer, ... as the member says now. */
  readonly role?: string;
  readonly zxid?: string;
  readonly problem?: string;
}

export interface KubernetesMemberView {
  readonly id: number;
  readonly role: string;
  readonly state: string;
  readonly voting: boolean | null;
  readonly zxid: string | null;
  /** The members' own config versions are not read on Kubernetes; the committed one is the ensemble's. */
  readonly configVersion: null;
  readonly version: string | null;
  readonly pid: null;
  readonly pod: string;
  readonly node: string | null;
  readonly podIp: string | null;
  readonly ready: boolean;
  readonly restarts: number;
  /** The API server path of its metrics through the pod proxy; null without a metrics port. */
  readonly metricsUrl: string | null;
  readonly problem: string | null;
}

export interface EventView {
  readonly time: string;
  readonly type: string;
  readonly reason: string;
  readonly note: string;
  readonly count: number;
}

/** The summary fields the page reads of a local ensemble, with the same meaning. */
type SharedSummary = Pick<
  EnsembleStatus,
  | 'name'
  | 'version'
  | 'leader'
  | 'serving'
  | 'participants'
  | 'quorum'
  | 'servingParticipants'
  | 'connectString'
  | 'committedConfig'
>;

export interface KubernetesEnsembleView extends SharedSummary {
  readonly namespace: string;
  readonly phase: string | null;
  readonly members: readonly KubernetesMemberView[];
  /** Its Ready condition is True. */
  readonly healthy: boolean;
  readonly operation?: { type: string; step: string; waitingFor: string; startedAt: string | null };
  readonly conditions: readonly Condition[];
  /** The object's Events, newest first. */
  readonly events: readonly EventView[];
  /** Why its Events could not be read (the user may not list them), else null. */
  readonly eventsProblem: string | null;
}

/** A ZooKeeper object as read: what the view needs of it. */
export interface ZooKeeperRead {
  readonly metadata: { readonly name?: string; readonly namespace?: string; readonly uid?: string };
  readonly spec?: { readonly version?: string };
  readonly status?: ZooKeeperStatus;
}

/** An events.k8s.io/v1 Event as read: what the view needs of it. */
export interface EventRead {
  /** Typed as the client library types it; the API sends text, which timeOf reads as well. */
  readonly metadata?: { readonly creationTimestamp?: Date };
  readonly eventTime?: Date | string | null;
  readonly deprecatedLastTimestamp?: Date | string | null;
  readonly series?: { readonly count?: number; readonly lastObservedTime?: Date | string };
  readonly deprecatedCount?: number;
  readonly regarding?: { readonly kind?: string; readonly name?: string; readonly uid?: string };
  readonly type?: string;
  readonly reason?: string;
  readonly note?: string;
}

export const RECENT_EVENTS = 10;
const METRICS_PORT = 'metrics';
const NOT_ACTING = new Set(['Idle', '']);

/** `/api/v1/namespaces/NS/pods/[https:]POD:PORT/proxy/PATH`: a pod's port through the API server. */
export function podProxyPath(
  namespace: string,
  pod: string,
  port: number,
  path: string,
  https = false,
): string {
  const target = `${https ? 'https:' : ''}${pod}:${port}`;
  return `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(target)}/proxy/${path}`;
}

/** A named port of the pod's ZooKeeper container. */
export function containerPort(pod: V1Pod, name: string): number | undefined {
  const container = pod.spec?.containers.find((c) => c.name === SERVER_CONTAINER) ?? pod.spec?.containers[0];
  return container?.ports?.find((p) => p.name === name)?.containerPort;
}

/** The pods of the ensemble `name`, by member id. */
export function podsOf(name: string, pods: readonly V1Pod[]): Map<number, V1Pod> {
  const wanted = Object.entries(selectorLabels(name));
  const byId = new Map<number, V1Pod>();
  for (const pod of pods) {
    const labels = pod.metadata?.labels ?? {};
    if (!wanted.every(([k, v]) => labels[k] === v)) continue;
    const ordinal = /-(0|[1-9][0-9]*)$/.exec(pod.metadata?.name ?? '')?.[1];
    if (ordinal !== undefined && pod.metadata?.name === `${name}-${ordinal}`)
      byId.set(memberIdOfOrdinal(Number(ordinal)), pod);
  }
  return byId;
}

const timeOf = (value: Date | string | null | undefined): string | undefined =>
  value === null || value === undefined ? undefined : new Date(value).toISOString();

/** The Events about the ZooKeeper object, newest first, at most RECENT_EVENTS. */
export function recentEvents(zk: ZooKeeperRead, events: readonly EventRead[]): EventView[] {
  const { name, uid } = zk.metadata;
  return events
    .filter(
      (e) =>
        e.regarding?.kind === 'ZooKeeper' &&
        e.regarding.name === name &&
        (uid === undefined || e.regarding.uid === undefined || e.regarding.uid === uid),
    )
    .map((e) => ({
      time:
        timeOf(e.series?.lastObservedTime) ??
        timeOf(e.eventTime) ??
        timeOf(e.deprecatedLastTimestamp) ??
        timeOf(e.metadata?.creationTimestamp) ??
        '',
      type: e.type ?? '',
      reason: e.reason ?? '',
      note: e.note ?? '',
      count: e.series?.count ?? e.deprecatedCount ?? 1,
    }))
    .sort((a, b) => (a.time < b.time ? 1 : a.time > b.time ? -1 : 0))
    .slice(0, RECENT_EVENTS);
}

function memberView(
  namespace: string,
  id: number,
  pod: V1Pod | undefined,
  reported: NonNullable<ZooKeeperStatus['members']>[number] | undefined,
  answer: MemberAnswer | undefined,
  name: string,
): KubernetesMemberView {
  const metricsPort = pod ? containerPort(pod, METRICS_PORT) : undefined;
  const podName = pod?.metadata?.name ?? reported?.name ?? memberPodName(name, id);
  const server = pod?.status?.containerStatuses?.find((c) => c.name === SERVER_CONTAINER);
  return {
    id,
    role: answer?.role ?? reported?.role ?? 'unknown',
    state: reported?.state ?? (pod ? 'starting' : 'absent'),
    voting: reported?.voting ?? null,
    zxid: answer?.zxid ?? null,
    configVersion: null,
    version: reported?.version ?? null,
    pid: null,
    pod: podName,
    node: pod?.spec?.nodeName ?? null,
    podIp: pod?.status?.podIP ?? null,
    ready: pod?.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false,
    restarts: server?.restartCount ?? 0,
    metricsUrl: metricsPort === undefined ? null : podProxyPath(namespace, podName, metricsPort, 'metrics'),
    problem: answer?.problem ?? (pod ? null : 'no pod'),
  };
}

/** The view of one ZooKeeper object. `answers` are by member id. */
export function ensembleView(
  zk: ZooKeeperRead,
  pods: readonly V1Pod[],
  answers: ReadonlyMap<number, MemberAnswer>,
  events: readonly EventRead[] | { readonly problem: string },
): KubernetesEnsembleView {
  const name = zk.metadata.name ?? '';
  const namespace = zk.metadata.namespace ?? '';
  const status = zk.status ?? {};
  const reported = status.members ?? [];
  const byId = podsOf(name, pods);
  const ids = [...new Set([...reported.map((m) => m.id), ...byId.keys()])].sort((a, b) => a - b);
  const members = ids.map((id) =>
    memberView(
      namespace,
      id,
      byId.get(id),
      reported.find((m) => m.id === id),
      answers.get(id),
      name,
    ),
  );
  const serving = members.filter((m) => m.state === 'serving');
  const voters = members.filter((m) => m.voting === true);
  const liveLeader = members.find((m) => m.role === 'leader')?.id;
  const reportedLeader = reported.find((m) => m.name === status.leader)?.id;
  const op = status.operation;
  const ready = status.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
  return {
    name,
    namespace,
    version: status.version ?? zk.spec?.version ?? '',
    phase: status.phase ?? null,
    leader: liveLeader ?? reportedLeader ?? null,
    members,
    serving: serving.length,
    participants: voters.length,
    quorum: voters.length > 0 ? quorum(voters.length) : 0,
    servingParticipants: voters.filter((m) => m.state === 'serving').length,
    healthy: ready,
    connectString: status.endpoints?.client ?? '',
    committedConfig: status.configVersion
      ? {
          version: status.configVersion,
          servers: reported
            .filter((m) => m.voting !== undefined)
            .map((m) => `server.${m.id}: ${m.name}, ${m.voting ? 'participant' : 'observer'}`),
        }
      : null,
    ...(op && !NOT_ACTING.has(op.type)
      ? {
          operation: {
            type: op.type,
            step: op.step,
            waitingFor: op.waitingFor ?? '',
            startedAt: op.startedAt ?? null,
          },
        }
      : {}),
    conditions: status.conditions ?? [],
    events: 'problem' in events ? [] : recentEvents(zk, events),
    eventsProblem: 'problem' in events ? events.problem : null,
  };
}
