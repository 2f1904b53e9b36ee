/**
 * Role changes: a member moves between participant and observer by reconfig, demotions leader last.
 * An observer whose vote a quorum of the new voters needs cannot be promoted (it never acknowledges
 * the new config): it is removed and rejoins as a joiner listing itself as participant.
 */

import { canAddVoter, canChangeVoters, without } from './membership.ts';
import { needsNewVoterVote } from './quorum.ts';
import { committedRole, firstUnsettled, leaderLast, type Situation } from './situation.ts';
import { reconfigure, wait } from './steps.ts';
import type { Plan } from './types.ts';

export function demote(s: Situation): Plan | undefined {
  const ids = s.config.members
    .filter((c) => c.role === 'participant' && s.wanted.get(c.id) === 'observer')
    .map((c) => c.id);
  const next = leaderLast(ids, s.leader)[0];
  if (next === undefined) return undefined;
  const why = `make member ${next} an observer`;
  const unsettled = firstUnsettled(s);
  if (unsettled) return wait('Scale', `${unsettled} before: ${why}`);
  if (!canChangeVoters(s, without(s.voters, next)))
    return wait('Scale', `a quorum of the other voters before: ${why}`);
  return reconfigure('Scale', { kind: 'demote', role: 'observer' }, next, s.config.version, why);
}

export function promote(s: Situation): Plan | undefined {
  const next = [...s.wanted].find(
    ([id, role]) => role === 'participant' && committedRole(s.config, id) === 'observer',
  );
  if (!next) return undefined;
  const [id] = next;
  const why = `make member ${id} a participant`;
  const unsettled = firstUnsettled(s);
  if (unsettled) return wait('Scale', `${unsettled} before: ${why}`);
  if (needsNewVoterVote(s.voters.length)) {
    // An observer never acknowledges the new config: it rejoins as the joiner that lists itself as participant.
    const rejoin = `${why}: the new voters need its vote, so it leaves and rejoins as a participant`;
    return reconfigure('Scale', { kind: 'remove' }, id, s.config.version, rejoin);
  }
  if (!canAddVoter(s, id, false)) return wait('Scale', `a quorum of the new voters before: ${why}`);
  return reconfigure('Scale', { kind: 'promote', role: 'participant' }, id, s.config.version, why);
}
