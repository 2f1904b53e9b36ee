/** When a reconfig that changes the voters may run: a majority of the new voters serves and is synced. */

import { hasQuorum } from './quorum.ts';
import { healthyIn, type Situation } from './situation.ts';
import type { MemberId } from './types.ts';

export function canChangeVoters(s: Situation, newVoters: readonly MemberId[]): boolean {
  return hasQuorum(newVoters, healthyIn(s.observation));
}

/**
 * When `id` may become a voter: ZooKeeper commits the new config only once a quorum of the new voters
 * acknowledged it, and only members that follow acknowledge; `id` follows when it lists itself as a
 * participant (`follows`), never as an observer.
 */
export function canAddVoter(s: Situation, id: MemberId, follows: boolean): boolean {
  const healthy = healthyIn(s.observation);
  return hasQuorum(withMember(s.voters, id), (v) => (v === id ? follows && healthy(v) : healthy(v)));
}

export function without(ids: readonly MemberId[], id: MemberId): MemberId[] {
  return ids.filter((v) => v !== id);
}

export function withMember(ids: readonly MemberId[], id: MemberId): MemberId[] {
  return [...without(ids, id), id];
}
