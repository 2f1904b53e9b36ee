/**
 * Scale up: one joiner at a time starts with the committed config plus itself, syncs with the
 * leader, and only then is added to the ensemble by reconfig in its wanted role. It lists itself as
 * an observer, except the one joiner whose vote a quorum of the new voters needs, which lists
 * itself as a participant (see `joinerRole`).
 */

import { canAddVoter, canChangeVoters } from './membership.ts';
import { removeUnwanted } from './scale-down.ts';
import {
  adoptedCommittedConfig,
  committedRole,
  firstUnsettled,
  isHealthy,
  joinerConfig,
  joinerRole,
  memberOf,
  type Situation,
  staleReason,
  wrongHeldConfig,
} from './situation.ts';
import { reconfigure, restart, start, wait } from './steps.ts';
import type { MemberId, MemberObservation, Plan, Role } from './types.ts';

function joiners(s: Situation): MemberId[] {
  return [...s.wanted.keys()]
    .filter((id) => !s.config.members.some((c) => c.id === id))
    .sort((a, b) => a - b);
}

/** A running joiner that lists itself in another role than it must join with, even while it serves. */
function wrongJoinerRole(m: MemberObservation, role: Role): string | undefined {
  if (!m.running || !m.config || committedRole(m.config, m.id) === role) return undefined;
  return `member ${m.id} holds a config that does not list it as ${role}`;
}

/** A wanted member that runs outside the committed config: add it once synced. */
export function finishJoin(s: Situation): Plan | undefined {
  const id = joiners(s).find((j) => memberOf(s.observation, j).running);
  if (id === undefined) return undefined;
  const m = memberOf(s.observation, id);
  const role = s.wanted.get(id) ?? 'observer';
  const why = `add member ${id} to the ensemble as ${role}`;
  const joinAs = joinerRole(s.config, id, role);
  const config = joinerConfig(s.config, id, joinAs);
  const adopted = joinAs === 'participant' && adoptedCommittedConfig(m, s.config);
  const wrong =
    staleReason(m, s.desired) ??
    (adopted ? undefined : (wrongJoinerRole(m, joinAs) ?? wrongHeldConfig(m, config, joinAs)));
  if (wrong) return restart('Scale', id, config, s.desired, `${wrong}: restart it as a joiner`);
  if (!isHealthy(m)) return wait('Scale', `member ${id} to sync with the leader before: ${why}`);
  const unsettled = firstUnsettled(s);
  if (unsettled) return wait('Scale', `${unsettled} before: ${why}`);
  const quorate =
    role === 'participant' ? canAddVoter(s, id, joinAs === 'participant') : canChangeVoters(s, s.voters);
  // Members that are no longer wanted and down may be what keeps the new voters from a quorum.
  if (!quorate) return removeUnwanted(s) ?? wait('Scale', `a quorum of the new voters before: ${why}`);
  return reconfigure('Scale', { kind: 'add', role }, id, s.config.version, why);
}

/** The next wanted member outside the committed config starts as a joiner. */
export function startJoin(s: Situation): Plan | undefined {
  const id = joiners(s)[0];
  if (id === undefined) return undefined;
  const joinAs = joinerRole(s.config, id, s.wanted.get(id));
  const why = `start member ${id} as a joiner${joinAs === 'participant' ? ' listing itself as participant: the new voters need its vote' : ''}`;
  const unsettled = firstUnsettled(s);
  if (unsettled) return wait('Scale', `${unsettled} before: ${why}`);
  return start('Scale', id, joinAs === 'observer', joinerConfig(s.config, id, joinAs), s.desired, why);
}
