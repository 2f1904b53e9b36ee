/** Executing a `Reconfigure` step on local members, through their client ports as the super user. */
import { serverLine } from '../../../config/dynamic-config.ts';
import type { ReconfigOutcome } from '../../../zk/reconfigure.ts';
import { failed } from '../../shared/errors.ts';
import { type ReconfigureStep, reconfigureStep } from '../../shared/reconfigure.ts';
import type { LocalState } from '../state/state.ts';
import { serverEntry } from './member-config.ts';

export function reconfigure(
  state: LocalState,
  serving: readonly number[],
  step: ReconfigureStep,
): Promise<ReconfigOutcome> {
  return reconfigureStep(step, {
    servers: state.members
      .filter((m) => serving.includes(m.id))
      .map((m) => ({ host: m.host, port: m.ports.client })),
    superPassword: state.superPassword,
    serverLine: (id, role) => {
      const record = state.members.find((m) => m.id === id);
      if (!record) throw failed(`member ${id} has no recorded ports to reconfigure it with`);
      return serverLine(serverEntry({ ...record, kind: role }));
    },
    refused: (message) => failed(`reconfig of ${state.name} refused: ${message}`),
  });
}
