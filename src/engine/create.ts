/** Create: a new ensemble starts every wanted member with one initial config listing all of them. */

import { memberOf, wantedRoles } from './situation.ts';
import { start, wait } from './steps.ts';
import type { Desired, EnsembleConfig, Observation, Plan } from './types.ts';

/** The config a new ensemble starts with: every wanted member in its wanted role. */
export function initialConfig(desired: Desired): EnsembleConfig {
  const members = [...wantedRoles(desired)].map(([id, role]) => ({ id, role }));
  return { version: 0n, members };
}

/**
 * No config was ever read or recorded. The platform records the initial config when it executes the
 * first start, so after a crash the ensemble is resumed from that record instead of created again.
 */
export function create(desired: Desired, observation: Observation): Plan {
  const withData = observation.members.find((m) => m.storage === 'data');
  if (withData) {
    return wait(
      'Heal',
      `member ${withData.id} holds data but no ensemble config is known, so zkop will not guess the membership: ` +
        `restore the recorded state, or delete the member's storage if its data is not needed`,
    );
  }
  const config = initialConfig(desired);
  for (const { id, role } of config.members) {
    if (!memberOf(observation, id).running) {
      return start(
        'Create',
        id,
        role === 'observer',
        config,
        desired,
        `start member ${id} of the new ensemble`,
      );
    }
  }
  return wait('Create', 'the new ensemble to elect a leader');
}
