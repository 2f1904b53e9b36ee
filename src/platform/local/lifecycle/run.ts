/**
 * Running one lifecycle command on a local ensemble under its lock: make sure the lifecycle record
 * exists (from the spec the ensemble runs), apply the command's change to the desired state, then
 * reconcile until the engine is done.
 */

import { notFound } from '../../shared/errors.ts';
import { withEnsembleLock } from '../state/ensemble-lock.ts';
import { type LocalState, readState, writeState } from '../state/state.ts';
import { ensembleDir } from '../state/state-layout.ts';
import { type DistributionSource, distributionSource } from './distributions.ts';
import { ensureLifecycleRecord } from './ensure-record.ts';
import { type ReconcileResult, reconcile } from './reconcile.ts';
import { DEFAULT_LIFECYCLE_TIMEOUT_MS, type LifecycleRunOptions } from './run-options.ts';

/** Returns the state with the change applied; `undefined` changes nothing. */
export type DesiredChange = (state: LocalState) => LocalState | undefined;

export async function runLifecycle(
  name: string,
  options: LifecycleRunOptions,
  change: DesiredChange,
  distributions: DistributionSource = distributionSource({
    cacheDir: options.cacheDir,
    onProgress: options.onProgress,
  }),
): Promise<ReconcileResult> {
  const { stateDir } = options;
  const progress = options.onProgress ?? (() => undefined);
  if (readState(stateDir, name) === undefined) throw notFound(`no ensemble '${name}' in ${stateDir}`);
  return withEnsembleLock(ensembleDir(stateDir, name), async () => {
    const read = readState(stateDir, name);
    if (read === undefined) throw notFound(`no ensemble '${name}' in ${stateDir}`);
    const state = await ensureLifecycleRecord(stateDir, read, distributions);
    const changed = change(state);
    if (changed) writeState(stateDir, { ...changed, updatedAt: new Date().toISOString() });
    return reconcile({
      stateDir,
      name,
      distributions,
      timeoutMs: options.timeoutMs ?? DEFAULT_LIFECYCLE_TIMEOUT_MS,
      progress,
      leaderHandoff: options.leaderHandoff,
      signal: options.signal,
    });
  });
}
