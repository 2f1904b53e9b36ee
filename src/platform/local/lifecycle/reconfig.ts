/** Executing a `Reconfigure` step on local members, through their client ports as the super user. */
import { serverLine } from '../../../config/dynamic-config.ts';
import type { ReconfigOutcome } from '../../../zk/reconfigure.ts';
import { failed } from '../../shared/errors.ts';
import { type ReconfigureStep, reconfigureStep } from '../../shared/reconfigure.ts';
import { ensembleClientTls } from '../certificates/client-tls.ts';
import type { LocalState } from '../state/state.ts';
import { superSasl } from '../state/super-auth.ts';
import { serverEntry } from './member-config.ts';

/**
 * The serving members' client addresses: their secure client ports, with zkop's TLS options, where
 * they serve TLS (during a roll that turns client TLS on, only some do), else their plain ones.
 */
function clientAddresses(stateDir: string, state: LocalState, serving: readonly number[]) {
  const members = state.members.filter((m) => serving.includes(m.id));
  const secure = members.filter(
    (m) => state.lifecycle?.members[String(m.id)]?.clientTls && m.ports.secureClient !== undefined,
  );
  const tls = secure.length > 0 ? ensembleClientTls(stateDir, state.name) : undefined;
  if (tls === undefined) return { servers: members.map((m) => ({ host: m.host, port: m.ports.client })) };
  return {
    servers: secure.map((m) => ({ host: m.host, port: m.ports.secureClient ?? m.ports.client })),
    tls,
  };
}

export function reconfigure(
  stateDir: string,
  state: LocalState,
  serving: readonly number[],
  step: ReconfigureStep,
): Promise<ReconfigOutcome> {
  return reconfigureStep(step, {
    ...clientAddresses(stateDir, state, serving),
    superPassword: state.superPassword,
    ...superSasl(state),
    serverLine: (id, role) => {
      const record = state.members.find((m) => m.id === id);
      if (!record) throw failed(`member ${id} has no recorded ports to reconfigure it with`);
      return serverLine(serverEntry({ ...record, kind: role }));
    },
    refused: (message) => failed(`reconfig of ${state.name} refused: ${message}`),
  });
}
