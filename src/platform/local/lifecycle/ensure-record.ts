/**
 * The lifecycle record of an ensemble that has none yet (created by `zkop up`, never scaled): its
 * members were all started together from the spec and version in state.json with the initial config.
 */
import { applyDefaults } from '../../../api/defaults.ts';
import { toRecordedConfig } from '../state/lifecycle-record.ts';
import { type LocalState, writeState } from '../state/state.ts';
import type { DistributionSource } from './distributions.ts';
import { startConfigHash } from './start-config-hash.ts';

export async function ensureLifecycleRecord(
  stateDir: string,
  state: LocalState,
  distributions: DistributionSource,
): Promise<LocalState> {
  if (state.lifecycle) return state;
  const spec = applyDefaults(state.spec);
  const distribution = await distributions(state.version);
  const configHash = startConfigHash(spec, distribution.features, distribution.logging, state.superPassword);
  const members = Object.fromEntries(
    state.members.map((m) => [
      String(m.id),
      { version: state.version, configHash, restartToken: '', hadData: false },
    ]),
  );
  const config = toRecordedConfig({
    version: 0n,
    members: state.members.map((m) => ({ id: m.id, role: m.kind })),
  });
  const next: LocalState = { ...state, lifecycle: { restartToken: '', config, members } };
  writeState(stateDir, next);
  return next;
}
