/**
 * `zkop up -f` on an ensemble that exists: the manifest becomes the desired spec and the lifecycle
 * loop makes the ensemble match it: members that are down are started, and changes of replicas,
 * observers, configuration or version are made one safe step at a time.
 */
import { applyDefaults } from '../../../api/defaults.ts';
import type { ZooKeeperSpec } from '../../../api/spec.ts';
import { unsupportedVersionChange } from '../../../engine/index.ts';
import { invalidInput } from '../../shared/errors.ts';
import type { LocalState } from '../state/state.ts';
import { writeState } from '../state/state.ts';
import type { UpContext, UpStep } from '../up-context.ts';
import { distributionSource } from './distributions.ts';
import { ensureLifecycleRecord } from './ensure-record.ts';
import { reconcile } from './reconcile.ts';

export async function reconcileToManifest(
  context: UpContext,
  state: LocalState,
  spec: ZooKeeperSpec,
  options: { readonly cacheDir?: string; readonly leaderHandoff?: boolean } = {},
): Promise<UpStep> {
  const { stateDir, name, progress } = context;
  const distributions = distributionSource({ cacheDir: options.cacheDir, onProgress: progress });
  const recorded = await ensureLifecycleRecord(stateDir, state, distributions);
  // Refused before the manifest becomes the desired spec, so the ensemble keeps its last good one.
  const refused = unsupportedVersionChange(recorded.version, applyDefaults(spec).version);
  if (refused) throw invalidInput(`${name}: ${refused}; nothing was changed`);
  const specChanged = JSON.stringify(recorded.spec) !== JSON.stringify(spec);
  if (specChanged) writeState(stateDir, { ...recorded, spec, updatedAt: new Date().toISOString() });
  const { executed } = await reconcile({
    stateDir,
    name,
    distributions,
    timeoutMs: context.timeoutMs,
    progress,
    leaderHandoff: options.leaderHandoff,
  });
  const started = executed.flatMap((s) =>
    s.type === 'StartMember' || s.type === 'RestartMember' ? [s.id] : [],
  );
  if (executed.length === 0) return { outcome: specChanged ? 'reconciled' : 'unchanged', started };
  return {
    outcome: specChanged || executed.some((s) => s.type !== 'StartMember') ? 'reconciled' : 'healed',
    started,
  };
}
