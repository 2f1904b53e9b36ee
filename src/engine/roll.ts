/**
 * Rolling restart and upgrade: one member at a time, observers and followers first, the leader last;
 * the next member goes only when every member is back (serving and synced). The leader's turn is a
 * reconfig handoff: demote it to observer (ZooKeeper makes an up-to-date follower leader without an
 * election), restart it, promote it back. A plain leader-last restart is the fallback. A voter whose
 * restart alone would break quorum (two voters) steps aside the same way; with two voters the one
 * left could not take it back as an observer (ZooKeeper needs its acknowledgement), so it is removed
 * instead and rejoins as a joiner listing itself as participant.
 */

import { leaderLast } from './leader-last.ts';
import { canChangeVoters, without } from './membership.ts';
import { canTakeDown, needsNewVoterVote } from './quorum.ts';
import {
  firstUnsettled,
  healthyIn,
  isStale,
  memberOf,
  plainConfig,
  type Situation,
  staleReason,
} from './situation.ts';
import { reconfigure, restart, wait } from './steps.ts';
import type { MemberId, OperationType, Plan } from './types.ts';

function operation(s: Situation): OperationType {
  const upgrading = s.config.members.some((c) => {
    const m = memberOf(s.observation, c.id);
    return m.version !== '' && m.version !== s.desired.version;
  });
  return upgrading ? 'Upgrade' : 'Restart';
}

/**
 * The middle of a handoff: a demoted member waiting for promotion is restarted while it is an
 * observer. Not when the new voters need its vote: it then rejoins (see `promote`), restarted as a joiner.
 */
export function restartDemoted(s: Situation): Plan | undefined {
  if (needsNewVoterVote(s.voters.length)) return undefined;
  const demoted = s.config.members.find(
    (c) =>
      c.role === 'observer' &&
      s.wanted.get(c.id) === 'participant' &&
      memberOf(s.observation, c.id).running &&
      isStale(memberOf(s.observation, c.id), s.desired),
  );
  if (!demoted) return undefined;
  const m = memberOf(s.observation, demoted.id);
  const why = `${staleReason(m, s.desired)} while it is an observer`;
  const unsettled = firstUnsettled(s);
  if (unsettled) return wait(operation(s), `${unsettled} before: ${why}`);
  return restart(operation(s), demoted.id, plainConfig(s.config), s.desired, why);
}

/**
 * A voter leaves the voters before its restart: demoted to observer, or removed when the remaining
 * voters will need its vote to take it back (it then rejoins as a joiner listing itself as participant).
 */
function stepAside(s: Situation, op: OperationType, id: MemberId, why: string): Plan {
  if (needsNewVoterVote(without(s.voters, id).length)) {
    const rejoin = `${why} (by removal: it rejoins as a participant)`;
    return reconfigure(op, { kind: 'remove' }, id, s.config.version, rejoin);
  }
  return reconfigure(op, { kind: 'demote', role: 'observer' }, id, s.config.version, why);
}

export function roll(s: Situation): Plan | undefined {
  const stale = leaderLast(
    s.config.members.filter((c) => isStale(memberOf(s.observation, c.id), s.desired)),
    s.leader,
  );
  const next = stale[0];
  if (!next) return undefined;
  const op = operation(s);
  const why = staleReason(memberOf(s.observation, next.id), s.desired) ?? `restart member ${next.id}`;
  const unsettled = firstUnsettled(s);
  if (unsettled) return wait(op, `${unsettled} before: ${why}`);
  const config = plainConfig(s.config);
  const at = s.desired;
  if (next.role === 'observer') return restart(op, next.id, config, at, why);
  const healthy = healthyIn(s.observation);
  const others = without(s.voters, next.id);
  const canDemote = others.length > 0 && canChangeVoters(s, others);
  if (next.id === s.leader) {
    if (s.desired.leaderHandoff && canDemote)
      return stepAside(s, op, next.id, `${why}: hand leadership off first`);
    if (canTakeDown(s.voters, next.id, healthy))
      return restart(op, next.id, config, at, `${why} (leader, last)`);
    if (s.voters.length === 1)
      return restart(op, next.id, config, at, `${why} (the only voter: service pauses)`);
    return wait(op, `a quorum without the leader before: ${why}`);
  }
  if (canTakeDown(s.voters, next.id, healthy)) return restart(op, next.id, config, at, why);
  if (canDemote) return stepAside(s, op, next.id, `${why}: take it out of the voters first to keep a quorum`);
  return wait(op, `a quorum without member ${next.id} before: ${why}`);
}
