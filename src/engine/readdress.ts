/**
 * A member whose committed line the platform wants rewritten (MemberObservation.addressStale), e.g.
 * its plain client address moved to loopback once it serves TLS: one reconfig per member, its role
 * unchanged, once the ensemble is settled, the leader last. A reconfig that keeps every role keeps
 * the voters and so the quorum.
 */
import { leaderLast } from './leader-last.ts';
import { firstUnsettled, memberOf, type Situation } from './situation.ts';
import { reconfigure, wait } from './steps.ts';
import type { Plan } from './types.ts';

export function readdress(s: Situation): Plan | undefined {
  const stale = leaderLast(
    s.config.members.filter((c) => memberOf(s.observation, c.id).addressStale !== undefined),
    s.leader,
  );
  const next = stale[0];
  if (!next) return undefined;
  const why = `${memberOf(s.observation, next.id).addressStale}: rewrite member ${next.id}'s line`;
  const unsettled = firstUnsettled(s);
  if (unsettled) return wait('Reconfigure', `${unsettled} before: ${why}`);
  return reconfigure('Reconfigure', { kind: 'readdress', role: next.role }, next.id, s.config.version, why);
}
