/**
 * Heal: members that are down are started again, a member that lost its data leaves the voters
 * before it rejoins as a new member, a member holding another config than the committed one is
 * restarted with the committed one.
 */

import { canChangeVoters } from './membership.ts';
import { quorum } from './quorum.ts';
import { healthyIn, isHealthy, memberOf, plainConfig, type Situation, wrongHeldConfig } from './situation.ts';
import { reconfigure, restart, start, wait } from './steps.ts';
import type { ConfigMember, Plan } from './types.ts';

/** A wiped voter must not vote until it rejoined; a single voter has no other copy to protect. */
function mustRejoin(s: Situation, c: ConfigMember): boolean {
  return c.role === 'participant' && s.voters.length > 1 && memberOf(s.observation, c.id).dataLost;
}

/**
 * A wiped voter is started to help elect a leader only when the voters that kept their data cannot
 * form a quorum alone, and only while those running meet every majority of the voters: then one of
 * them holds every committed write and wins the election.
 */
function wipedMayCount(s: Situation): boolean {
  const keepers = s.voters.filter((id) => {
    const m = memberOf(s.observation, id);
    return m.running && !m.dataLost;
  }).length;
  const n = s.voters.length;
  return keepers < quorum(n) && keepers >= n - quorum(n) + 1;
}

/** No quorum answers (or the ensemble is new): start every committed member that may count towards one. */
export function restoreQuorum(s: Situation): Plan {
  const wipedCount = wipedMayCount(s);
  const byVotersFirst = [...s.config.members].sort(
    (a, b) => (a.role === 'participant' ? 0 : 1) - (b.role === 'participant' ? 0 : 1) || a.id - b.id,
  );
  const isNew = !s.observation.members.some((m) => m.storage === 'data');
  const operation = isNew ? 'Create' : 'Heal';
  for (const c of byVotersFirst) {
    if ((mustRejoin(s, c) && !wipedCount) || memberOf(s.observation, c.id).running) continue;
    const why = isNew
      ? `start member ${c.id} of the new ensemble`
      : `start member ${c.id}: the ensemble has no quorum`;
    return start(operation, c.id, c.role === 'observer', plainConfig(s.config), s.desired, why);
  }
  const serving = s.voters.filter(healthyIn(s.observation)).length;
  const lost = s.config.members.filter((c) => mustRejoin(s, c)).map((c) => c.id);
  const lostNote = lost.length > 0 ? `; members ${lost.join(', ')} lost their data and cannot count` : '';
  return wait(
    operation,
    `a quorum: ${serving} of ${s.voters.length} voters serving, ${quorum(s.voters.length)} needed${lostNote}`,
  );
}

export function heal(s: Situation): Plan | undefined {
  for (const c of s.config.members) {
    const m = memberOf(s.observation, c.id);
    if (!s.wanted.has(c.id) || m.running || mustRejoin(s, c)) continue;
    const operation = m.storage === 'data' ? 'Heal' : 'Create';
    return start(
      operation,
      c.id,
      c.role === 'observer',
      plainConfig(s.config),
      s.desired,
      `member ${c.id} is down: start it`,
    );
  }
  for (const c of s.config.members) {
    const wrong = wrongHeldConfig(memberOf(s.observation, c.id), s.config, c.role);
    if (wrong)
      return restart(
        'Heal',
        c.id,
        plainConfig(s.config),
        s.desired,
        `${wrong}: restart it with the committed config`,
      );
  }
  const lost = s.config.members.find((c) => mustRejoin(s, c));
  if (lost) {
    const rest = s.voters.filter((v) => v !== lost.id);
    const why = `member ${lost.id} lost its data: remove it from the voters so it rejoins as a new member`;
    const m = memberOf(s.observation, lost.id);
    if (m.running && !isHealthy(m)) return wait('Heal', `member ${lost.id} to sync or stop before: ${why}`);
    if (!canChangeVoters(s, rest))
      return wait('Heal', `${why}; waiting for a quorum of the other voters to serve`);
    return reconfigure('Heal', { kind: 'remove' }, lost.id, s.config.version, why);
  }
  return undefined;
}
