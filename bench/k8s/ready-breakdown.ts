/**
 * Where a new ensemble's apply -> Ready time goes, member by member, in seconds after the apply:
 * what Kubernetes records of each pod (created, scheduled, init containers done, the server container
 * started: whole seconds, so a pod created within the apply's second may show a negative time) and
 * what the member's own log says (its JVM's start, its first line, looking for a leader, following or
 * leading, in sync: milliseconds). The ensemble's milestone is the last member's, since Ready needs
 * every member. zkop's Ready comes from the members themselves, not from their pods' readiness
 * probes, which may still be pending when it is Ready.
 */
import type { V1Pod } from '@kubernetes/client-node';
import { kubectlOk } from '../../test/cluster/cluster.ts';
import { memberPodsQuery } from '../../test/e2e/ensemble-probe.ts';
import { memberRejoins } from './rejoin-log.ts';

export const MILESTONES = [
  'pod created',
  'scheduled',
  'initialized',
  'container started',
  'jvm started',
  'first log line',
  'looking',
  'found leader',
  'in sync',
] as const;
export type Milestone = (typeof MILESTONES)[number];

export interface ReadyBreakdown {
  /** Per member pod: seconds after the apply at each milestone its pod or log shows. */
  readonly members: Readonly<Record<string, Partial<Record<Milestone, number>>>>;
  /** The last member's time at each milestone. */
  readonly last: Partial<Record<Milestone, number>>;
}

const at = (time: string | Date | undefined): number | undefined =>
  time === undefined ? undefined : new Date(time).getTime();

function podMilestones(pod: V1Pod): Partial<Record<Milestone, number | undefined>> {
  const condition = (type: string) =>
    at(pod.status?.conditions?.find((c) => c.type === type && c.status === 'True')?.lastTransitionTime);
  const server = pod.status?.containerStatuses?.find((c) => c.name === 'zookeeper');
  return {
    'pod created': at(pod.metadata?.creationTimestamp),
    scheduled: condition('PodScheduled'),
    initialized: condition('Initialized'),
    'container started': at(server?.state?.running?.startedAt),
  };
}

/** The breakdown of ensemble `name` in `namespace`, applied at `appliedAt` (ms since the epoch). */
export function readyBreakdown(namespace: string, name: string, appliedAt: number): ReadyBreakdown {
  const pods = (JSON.parse(kubectlOk(memberPodsQuery(namespace, name))) as { items: V1Pod[] }).items;
  const names = pods.map((p) => p.metadata?.name ?? '');
  const logs = new Map(memberRejoins(namespace, names).map((r) => [r.pod, r]));
  const members: Record<string, Partial<Record<Milestone, number>>> = {};
  for (const pod of pods) {
    const podName = pod.metadata?.name ?? '';
    const times: Partial<Record<Milestone, number | undefined>> = {
      ...podMilestones(pod),
      ...logs.get(podName)?.times,
    };
    members[podName] = Object.fromEntries(
      MILESTONES.flatMap((m) => {
        const time = times[m];
        return time === undefined ? [] : [[m, Math.round((time - appliedAt) / 100) / 10]];
      }),
    );
  }
  const last = Object.fromEntries(
    MILESTONES.flatMap((m) => {
      const times = Object.values(members).flatMap((t) => (t[m] === undefined ? [] : [t[m]]));
      return times.length === pods.length && times.length > 0 ? [[m, Math.max(...times)]] : [];
    }),
  );
  return { members, last };
}
