/** When a reconfig that changes the voters may run: a majority of the new voters serves and is synced. */

import { hasQuorum } from './quorum.ts';
import { healthyIn, type Situation } from './situation.ts';
import type { MemberId } from './types.ts';

export function canChangeVoters(s: Situation, newVoters: readonly MemberId[]): boolean {
  return hasQuorum(newVoters, healthyIn(s.observation));
}

export function without(ids: readonly MemberId[], id: MemberId): MemberId[] {
  return ids.filter((v) => v !== id);
}

export function withMember(ids: readonly MemberId[], id: MemberId): MemberId[] {
  return [...without(ids, id), id];
}
