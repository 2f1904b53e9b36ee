/**
 * Executing a `Reconfigure` step on local members (see `reconfigureAndVerify`): a change not applied
 * is not an error; the loop observes again and the engine decides anew.
 */

import { serverLine } from '../../../config/dynamic-config.ts';
import type { EnsembleConfig, Step } from '../../../engine/index.ts';
import { ReconfigRefusedError, reconfigureAndVerify } from '../../../zk/reconfigure.ts';
import { failed } from '../../shared/errors.ts';
import { serverEntry } from '../member-config.ts';
import type { LocalState } from '../state.ts';

type ReconfigureStep = Extract<Step, { type: 'Reconfigure' }>;

export type ReconfigOutcome =
  | { readonly applied: true; readonly config: EnsembleConfig }
  | { readonly applied: false; readonly why: string };

function changeOf(state: LocalState, step: ReconfigureStep) {
  if (step.kind === 'remove') return { leaving: [step.id] };
  const record = state.members.find((m) => m.id === step.id);
  if (!record || step.role === undefined)
    throw failed(`member ${step.id} has no recorded ports to reconfigure it with`);
  return { joining: [serverLine(serverEntry({ ...record, kind: step.role }))] };
}

function toEngineConfig(config: {
  version: bigint | undefined;
  members: readonly { id: number; role: 'participant' | 'observer' }[];
}): EnsembleConfig {
  return { version: config.version ?? 0n, members: config.members.map(({ id, role }) => ({ id, role })) };
}

export async function reconfigure(
  state: LocalState,
  serving: readonly number[],
  step: ReconfigureStep,
): Promise<ReconfigOutcome> {
  try {
    const outcome = await reconfigureAndVerify({
      servers: state.members
        .filter((m) => serving.includes(m.id))
        .map((m) => ({ host: m.host, port: m.ports.client })),
      superPassword: state.superPassword,
      change: changeOf(state, step),
      fromVersion: step.fromVersion,
      member: { id: step.id, role: step.kind === 'remove' ? undefined : step.role },
    });
    return outcome.applied ? { applied: true, config: toEngineConfig(outcome.config) } : outcome;
  } catch (error) {
    if (error instanceof ReconfigRefusedError)
      throw failed(`reconfig of ${state.name} refused: ${error.message}`);
    throw error;
  }
}
