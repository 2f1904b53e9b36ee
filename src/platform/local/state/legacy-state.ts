/**
 * state.json as zkop wrote it before the lifecycle record: no `lifecycle`, every member started
 * together from the spec and version recorded, with the initial config. Read as an ensemble whose
 * members were all started that way, with `configHash` (what the recorded spec starts them with).
 */
import { toRecordedConfig } from './lifecycle-record.ts';
import type { LocalState } from './state.ts';

export const isLegacyState = (state: LocalState): boolean => state.lifecycle === undefined;

export function fromLegacyState(state: LocalState, configHash: string): LocalState {
  const start = { version: state.version, configHash, restartToken: '', hadData: false };
  const config = toRecordedConfig({
    version: 0n,
    members: state.members.map((m) => ({ id: m.id, role: m.kind })),
  });
  const members = Object.fromEntries(state.members.map((m) => [String(m.id), start]));
  return { ...state, lifecycle: { restartToken: '', config, members } };
}
