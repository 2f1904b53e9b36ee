/**
 * Running one lifecycle command on a local ensemble under its lock: read state.json (one an older
 * zkop wrote is read through legacy-state.ts), apply the command's change to the desired state,
 * then reconcile until the engine is done.
 */
import { applyDefaults } from '../../../api/defaults.ts';
import { failed, notFound } from '../../shared/errors.ts';
import { withEnsembleLock } from '../state/ensemble-lock.ts';
import { fromLegacyState, isLegacyState } from '../state/legacy-state.ts';
import { type LocalState, readState, writeState } from '../state/state.ts';
import { ensembleDir } from '../state/state-layout.ts';
import { type DistributionSource, distributionSource } from './distributions.ts';
import { type ReconcileResult, reconcile } from './reconcile.ts';
import { renewCertificates } from './renew-certificates.ts';
import { DEFAULT_LIFECYCLE_TIMEOUT_MS, type LifecycleRunOptions } from './run-options.ts';
import { startConfigHash } from './start-config-hash.ts';

/** Returns the state with the change applied; `undefined` changes nothing. */
export type DesiredChange = (state: LocalState) => LocalState | undefined;

export interface LifecycleRun extends ReconcileResult {
  /** The change changed the desired state. */
  readonly changed: boolean;
}

export async function runLifecycle(
  name: string,
  options: LifecycleRunOptions,
  change: DesiredChange,
  distributions?: DistributionSource,
): Promise<LifecycleRun> {
  const { stateDir } = options;
  if (readState(stateDir, name) === undefined) throw notFound(`no ensemble '${name}' in ${stateDir}`);
  return withEnsembleLock(ensembleDir(stateDir, name), async () => {
    const state = readState(stateDir, name);
    if (state === undefined) throw notFound(`no ensemble '${name}' in ${stateDir}`);
    return changeAndReconcile(state, options, change, distributions);
  });
}

/** The part of `runLifecycle` that runs under the lock the caller holds. */
export async function changeAndReconcile(
  read: LocalState,
  options: LifecycleRunOptions,
  change: DesiredChange,
  distributions = distributionSource({ cacheDir: options.cacheDir, onProgress: options.onProgress }),
): Promise<LifecycleRun> {
  const { stateDir } = options;
  let state = read;
  if (state.restore) {
    throw failed(
      `${state.name}: a restore of backup ${state.restore.backupId} was stopped halfway; ` +
        `run 'zkop restore ${state.name}' to finish or undo it first`,
    );
  }
  if (isLegacyState(state)) {
    const spec = applyDefaults(state.spec);
    state = fromLegacyState(state, startConfigHash(spec, await distributions(state.version), state));
    writeState(stateDir, state);
  }
  const changed = change(state);
  if (changed) writeState(stateDir, { ...changed, updatedAt: new Date().toISOString() });
  renewCertificates(stateDir, changed ?? state, new Date(), options.onProgress ?? (() => undefined));
  const result = await reconcile({
    stateDir,
    name: state.name,
    distributions,
    timeoutMs: options.timeoutMs ?? DEFAULT_LIFECYCLE_TIMEOUT_MS,
    progress: options.onProgress ?? (() => undefined),
    leaderHandoff: options.leaderHandoff,
    signal: options.signal,
  });
  return { ...result, changed: changed !== undefined };
}
