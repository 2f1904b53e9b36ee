/**
 * Observing a local ensemble, the one way zkop does it here: processes and files on this machine,
 * then ZooKeeper itself (`inspect`). Gives the engine's observation and each member as status shows
 * it. Reads only.
 */
import { join } from 'node:path';
import type { EnsembleConfig, Observation, StorageState } from '../../../engine/index.ts';
import { inspect } from '../../../zk/inspect.ts';
import { isRunning } from '../process/process.ts';
import { fromRecordedConfig } from '../state/lifecycle-record.ts';
import type { LocalState } from '../state/state.ts';
import { ensembleDir, memberPaths } from '../state/state-layout.ts';
import { heldConfig, memberDirIds, storageOf } from './member-files.ts';
import { type MemberView, memberView } from './member-view.ts';
import { type LocalFacts, toObservation } from './observation-map.ts';

export interface LocalObservation {
  readonly observation: Observation;
  readonly storage: ReadonlyMap<number, StorageState>;
  /** Every member state.json lists, in its order. */
  readonly members: readonly MemberView[];
}

const INSPECT_TIMEOUT_MS = 2_000;

export async function observeEnsemble(stateDir: string, state: LocalState): Promise<LocalObservation> {
  const ids = new Set<number>([
    ...state.members.map((m) => m.id),
    ...Object.keys(state.processes).map(Number),
    ...memberDirIds(join(ensembleDir(stateDir, state.name), 'members')),
  ]);
  const running = new Set<number>();
  const storage = new Map<number, StorageState>();
  const held = new Map<number, EnsembleConfig>();
  for (const id of ids) {
    const process = state.processes[String(id)];
    if (process && isRunning(process.pid, process.startTime)) running.add(id);
    const paths = memberPaths(stateDir, state.name, id);
    storage.set(id, storageOf(paths));
    const config = heldConfig(paths);
    if (config) held.set(id, config);
  }
  const targets = state.members
    .filter((m) => running.has(m.id))
    .map((m) => ({ id: m.id, host: m.host, clientPort: m.ports.client, adminPort: m.ports.admin }));
  const zk = targets.length > 0 ? await inspect(targets, { timeoutMs: INSPECT_TIMEOUT_MS }) : undefined;
  const recorded = state.lifecycle?.config;
  const facts: LocalFacts = {
    ids: [...ids],
    running,
    storage,
    held,
    starts: state.lifecycle?.members ?? {},
    recordedConfig: recorded ? fromRecordedConfig(recorded) : undefined,
  };
  const members = state.members.map((m) =>
    memberView(
      m,
      state.processes[String(m.id)],
      running.has(m.id),
      zk?.members.find((a) => a.id === m.id),
    ),
  );
  return { observation: toObservation(facts, zk), storage, members };
}
