/**
 * The dispatcher: refusals, then create, then quorum recovery, then heal, then membership changes
 * (finish what is half done, remove, grow, then demote), then members' lines rewritten, then rolls. The first rule with
 * something to do gives the one next step.
 */

import { create } from './create.ts';
import { atCurrentStage } from './current-stage.ts';
import { heal, restoreQuorum } from './heal.ts';
import { readdress } from './readdress.ts';
import { demote, promote } from './roles.ts';
import { restartDemoted, roll } from './roll.ts';
import { cleanUp, removeUnwanted } from './scale-down.ts';
import { finishJoin, startJoin } from './scale-up.ts';
import {
  committedRole,
  firstUnsettled,
  isStale,
  memberOf,
  newestKnownConfig,
  type Situation,
  situation,
} from './situation.ts';
import { refuse, wait } from './steps.ts';
import type { Desired, Observation, Plan, Step } from './types.ts';
import { unsupportedVersionChange } from './upgrade-rules.ts';

function invalidRequest(desired: Desired, observation: Observation): string | undefined {
  if (!Number.isInteger(desired.replicas) || desired.replicas < 1) {
    return `replicas must be a whole number of at least 1 (got ${desired.replicas}): an ensemble needs a voter`;
  }
  if (!Number.isInteger(desired.observers) || desired.observers < 0) {
    return `observers must be a whole number of at least 0 (got ${desired.observers})`;
  }
  for (const m of observation.members) {
    const problem = unsupportedVersionChange(m.version, desired.version);
    if (problem && (m.running || observation.config?.members.some((c) => c.id === m.id))) return problem;
  }
  return undefined;
}

function settled(s: Situation): Plan {
  const unsettled = firstUnsettled(s);
  if (unsettled) return wait('Heal', unsettled);
  const mismatch = [...s.wanted].find(([id, role]) => committedRole(s.config, id) !== role);
  if (mismatch) return wait('Scale', `member ${mismatch[0]} to become ${mismatch[1]}`);
  const stale = s.config.members.find((c) => isStale(memberOf(s.observation, c.id), s.desired));
  if (stale) return wait('Restart', `member ${stale.id} to run the desired version and configuration`);
  return { operation: 'Idle', step: { type: 'Done' } };
}

export function plan(wanted: Desired, observation: Observation): Plan {
  const desired = atCurrentStage(wanted, observation);
  const invalid = invalidRequest(desired, observation);
  if (invalid) return refuse(invalid);
  if (desired.paused)
    return wait('Paused', 'reconciliation is paused (spec.paused): set it to false to resume');
  if (!observation.config) return create(desired, observation);
  if (!observation.config.live || observation.leader === undefined) {
    return restoreQuorum(situation(desired, observation, newestKnownConfig(observation, observation.config)));
  }
  const s = situation(desired, observation, observation.config);
  return (
    heal(s) ??
    cleanUp(s) ??
    finishJoin(s) ??
    removeUnwanted(s) ??
    restartDemoted(s) ??
    promote(s) ??
    startJoin(s) ??
    demote(s) ??
    readdress(s) ??
    roll(s) ??
    settled(s)
  );
}

/** Exactly one next step towards `desired` that keeps every invariant. */
export function nextStep(desired: Desired, observation: Observation): Step {
  return plan(desired, observation).step;
}
