/**
 * The steps the operator took on an ensemble, from its Events (events.k8s.io, which carry
 * microsecond times): what it did and when, to lay beside the members' own logs.
 */
import { kubectlOk } from '../../test/cluster/cluster.ts';

export interface OperatorStep {
  /** ms since the epoch. */
  readonly at: number;
  readonly reason: string;
  readonly note: string;
}

interface EventList {
  readonly items: {
    readonly eventTime?: string;
    readonly reason?: string;
    readonly note?: string;
    readonly regarding?: { readonly kind?: string; readonly name?: string };
  }[];
}

/** The steps taken on ZooKeeper `name` since `since` (ms since the epoch), oldest first. */
export function operatorSteps(namespace: string, name: string, since: number): OperatorStep[] {
  const { items } = JSON.parse(
    kubectlOk(['-n', namespace, 'get', 'events.events.k8s.io', '-o', 'json']),
  ) as EventList;
  return items
    .filter((e) => e.regarding?.kind === 'ZooKeeper' && e.regarding.name === name && e.eventTime)
    .map((e) => ({ at: Date.parse(e.eventTime ?? ''), reason: e.reason ?? '', note: e.note ?? '' }))
    .filter((e) => e.at >= since)
    .sort((a, b) => a.at - b.at);
}
