/** The order members are taken down in, one at a time: observers, then followers, the leader last. Pure. */
import type { MemberId, Role } from './types.ts';

/** Sorted observers first, then participants, the leader last; by id within each. */
export function leaderLast<T extends { readonly id: MemberId; readonly role: Role }>(
  members: readonly T[],
  leader: MemberId | undefined,
): T[] {
  const rank = (m: T): number => (m.id === leader ? 2 : m.role === 'observer' ? 0 : 1);
  return [...members].sort((a, b) => rank(a) - rank(b) || a.id - b.id);
}
