/**
 * Executing a `Reconfigure` step: one incremental, conditional reconfig as the super user, then the
 * config read back to verify it. A refusal for the version (someone else changed the config), for a
 * quorum of the new config not being synced yet, or a lost answer is not an error: the loop
 * observes again and the engine decides anew.
 */

import { serverLine } from '../../../config/dynamic-config.ts';
import type { EnsembleConfig, Step } from '../../../engine/index.ts';
import { ZkClient } from '../../../zk/client.ts';
import { isZkError } from '../../../zk/errors.ts';
import { failed } from '../errors.ts';
import { serverEntry } from '../member-config.ts';
import type { LocalState } from '../state.ts';

type ReconfigureStep = Extract<Step, { type: 'Reconfigure' }>;

export type ReconfigOutcome =
  | { readonly applied: true; readonly config: EnsembleConfig }
  | { readonly applied: false; readonly why: string };

const TIMEOUT_MS = 10_000;

function changeOf(state: LocalState, step: ReconfigureStep) {
  if (step.kind === 'remove') return { leaving: [step.id] };
  const record = state.members.find((m) => m.id === step.id);
  if (!record || step.role === undefined)
    throw failed(`member ${step.id} has no recorded ports to reconfigure it with`);
  return { joining: [serverLine(serverEntry({ ...record, kind: step.role }))] };
}

function isApplied(config: EnsembleConfig, step: ReconfigureStep): boolean {
  const role = config.members.find((m) => m.id === step.id)?.role;
  return step.kind === 'remove' ? role === undefined : role === step.role;
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
  const servers = state.members
    .filter((m) => serving.includes(m.id))
    .map((m) => ({ host: m.host, port: m.ports.client }));
  if (servers.length === 0) return { applied: false, why: 'no member serves to take the reconfig' };
  const change = changeOf(state, step);
  let client: ZkClient;
  try {
    client = await ZkClient.connect({
      servers,
      connectTimeoutMs: TIMEOUT_MS,
      requestTimeoutMs: TIMEOUT_MS,
      sessionTimeoutMs: 20_000,
    });
  } catch (error) {
    return { applied: false, why: `cannot connect to the ensemble: ${(error as Error).message}` };
  }
  try {
    await client.addAuth('digest', `super:${state.superPassword}`);
    let refusal: string | undefined;
    try {
      await client.reconfig({ ...change, fromConfig: step.fromVersion });
    } catch (error) {
      if (
        isZkError(error, 'NOAUTH') ||
        isZkError(error, 'AUTHFAILED') ||
        isZkError(error, 'RECONFIGDISABLED')
      ) {
        throw failed(`reconfig of ${state.name} refused: ${(error as Error).message}`);
      }
      if (!isZkError(error)) throw error;
      refusal = error.message;
    }
    // Verify by reading back, also after a lost answer: the reconfig may have been applied.
    await client.sync('/zookeeper/config');
    const config = toEngineConfig(await client.getConfig());
    if (isApplied(config, step) && config.version !== step.fromVersion) return { applied: true, config };
    return {
      applied: false,
      why: refusal ?? `the config read back (version ${config.version.toString(16)}) does not show it`,
    };
  } catch (error) {
    if (isZkError(error)) return { applied: false, why: error.message };
    throw error;
  } finally {
    await client.close();
  }
}
