/**
 * Scale up: one joiner at a time starts with the committed config plus itself as an observer, syncs
 * with the leader, and only then is added to the ensemble by reconfig in its wanted role.
 */

import { canChangeVoters, withMember } from './membership.ts';
import {
  firstUnsettled,
  isHealthy,
  joinerConfig,
  memberOf,
  type Situation,
  wrongHeldConfig,
} from './situation.ts';
import { reconfigure, restart, start, wait } from './steps.ts';
import type { MemberId, Plan } from './types.ts';

function joiners(s: Situation): MemberId[] {
  return [...s.wanted.keys()]
    .filter((id) => !s.config.members.some((c) => c.id === id))
    .sort((a, b) => a - b);
}

/** A wanted member that runs outside the committed config: add it once synced. */
export function finishJoin(s: Situation): Plan | undefined {
  const id = joiners(s).find((j) => memberOf(s.observation, j).running);
  if (id === undefined) return undefined;
  const m = memberOf(s.observation, id);
  const role = s.wanted.get(id) ?? 'observer';
  const why = `add member ${id} to the ensemble as ${role}`;
  if (!isHealthy(m)) {
    const config = joinerConfig(s.config, id);
    const wrong = wrongHeldConfig(m, config, 'observer');
    if (wrong) return restart('Scale', id, config, `${wrong}: restart it as a joiner`);
    return wait('Scale', `member ${id} to sync with the leader before: ${why}`);
  }
  const unsettled = firstUnsettled(s);
  if (unsettled) return wait('Scale', `${unsettled} before: ${why}`);
  if (!canChangeVoters(s, role === 'participant' ? withMember(s.voters, id) : s.voters)) {
    return wait('Scale', `a quorum of the new voters before: ${why}`);
  }
  return reconfigure('Scale', 'add', id, role, s.config.version, why);
}

/** The next wanted member outside the committed config starts as a joiner. */
export function startJoin(s: Situation): Plan | undefined {
  const id = joiners(s)[0];
  if (id === undefined) return undefined;
  const why = `start member ${id} as a joiner`;
  const unsettled = firstUnsettled(s);
  if (unsettled) return wait('Scale', `${unsettled} before: ${why}`);
  return start('Scale', id, true, joinerConfig(s.config, id), why);
}
