/**
 * Scale down: a member that is no longer wanted is removed by reconfig first (observers, then
 * members that are down, then followers, the leader last), then stopped, then its storage is deleted
 * if the policy says so. Among equals the highest id goes first, and leftovers stop highest first,
 * only once no higher member that is leaving is still in the config: a StatefulSet can only stop its
 * last pod.
 */

import { canChangeVoters, without } from './membership.ts';
import { firstUnsettled, isHealthy, memberOf, type Situation } from './situation.ts';
import { deleteStorage, reconfigure, stop, wait } from './steps.ts';
import type { ConfigMember, Plan } from './types.ts';

/** Members outside the committed config that are no longer wanted: stop them, then delete their storage. */
export function cleanUp(s: Situation): Plan | undefined {
  const leftovers = s.observation.members.filter(
    (m) => !s.wanted.has(m.id) && !s.config.members.some((c) => c.id === m.id),
  );
  const highestLeaving = Math.max(0, ...s.config.members.filter((c) => !s.wanted.has(c.id)).map((c) => c.id));
  const running = leftovers.filter((m) => m.running && m.id > highestLeaving).sort((a, b) => b.id - a.id)[0];
  if (running) return stop('Scale', running.id, `member ${running.id} left the ensemble: stop it`);
  if (s.desired.removedStorage === 'delete') {
    const stored = leftovers.find((m) => !m.running && m.storage !== 'none');
    if (stored)
      return deleteStorage('Scale', stored.id, `member ${stored.id} left the ensemble: delete its storage`);
  }
  return undefined;
}

function removalOrder(s: Situation, a: ConfigMember, b: ConfigMember): number {
  const rank = (c: ConfigMember): number => {
    if (c.role === 'observer') return 0;
    if (!isHealthy(memberOf(s.observation, c.id))) return 1;
    return c.id === s.leader ? 3 : 2;
  };
  return rank(a) - rank(b) || b.id - a.id;
}

/** Committed members that are no longer wanted leave by reconfig, one at a time. */
export function removeUnwanted(s: Situation): Plan | undefined {
  const unwanted = s.config.members.filter((c) => !s.wanted.has(c.id)).sort((a, b) => removalOrder(s, a, b));
  const next = unwanted[0];
  // The last voter stays until a wanted member has joined or been promoted.
  if (!next || (next.role === 'participant' && s.voters.length === 1)) return undefined;
  const why = `remove member ${next.id} from the ensemble`;
  const m = memberOf(s.observation, next.id);
  // A member removed while it starts would keep a config that still lists it.
  if (m.running && !isHealthy(m)) return wait('Scale', `member ${next.id} to sync or stop before: ${why}`);
  const unsettled = firstUnsettled(s);
  if (unsettled) return wait('Scale', `${unsettled} before: ${why}`);
  if (!canChangeVoters(s, next.role === 'participant' ? without(s.voters, next.id) : s.voters)) {
    return wait('Scale', `a quorum of the remaining voters to serve before: ${why}`);
  }
  return reconfigure('Scale', { kind: 'remove' }, next.id, s.config.version, why);
}
