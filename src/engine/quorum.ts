/** Quorum arithmetic over voting members. */

import type { MemberId } from './types.ts';

/** Votes needed among `voters` voting members: a strict majority. */
export function quorum(voters: number): number {
  return Math.floor(voters / 2) + 1;
}

/** How many voters may be down while a quorum remains. */
export function faultTolerance(voters: number): number {
  return voters - quorum(voters);
}

/** True when a majority of `voters` is healthy (serving and synced). */
export function hasQuorum(voters: readonly MemberId[], healthy: (id: MemberId) => boolean): boolean {
  return voters.length > 0 && voters.filter(healthy).length >= quorum(voters.length);
}

/** True when `id` can go down and the remaining healthy voters still form a quorum of `voters`. */
export function canTakeDown(
  voters: readonly MemberId[],
  id: MemberId,
  healthy: (id: MemberId) => boolean,
): boolean {
  const remaining = voters.filter((v) => v !== id && healthy(v)).length;
  return remaining >= quorum(voters.length);
}

/**
 * True when `voters` voters alone are not a quorum of `voters + 1`: a reconfig that adds a voter
 * then commits only with the acknowledgement of the new voter itself (in practice 1 -> 2 voters).
 */
export function needsNewVoterVote(voters: number): boolean {
  return voters < quorum(voters + 1);
}
