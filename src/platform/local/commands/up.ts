/**
 * `zkop up`: make the ensemble a manifest describes run on this machine. A new ensemble is created;
 * an existing one is reconciled to the manifest by the lifecycle loop: stopped members come back
 * (same ids, ports and data), changed replicas, observers, config or version are applied one safe
 * step at a time, and one that already matches is left alone.
 */
import { existsSync, rmdirSync, rmSync } from 'node:fs';
import { kubernetesOnlyFields } from '../../../api/kubernetes-only.ts';
import { failed } from '../../shared/errors.ts';
import { createEnsemble } from '../create-ensemble.ts';
import { type Distribution, DistributionError, ensureDistribution } from '../distribution/index.ts';
import { reconcileToManifest } from '../lifecycle/up-reconcile.ts';
import { withEnsembleLock } from '../state/ensemble-lock.ts';
import { readState } from '../state/state.ts';
import { ensembleDir } from '../state/state-layout.ts';
import type { EnsembleStatus } from './ensemble-status.ts';
import { readManifest } from './manifest-file.ts';
import { status } from './status.ts';

export interface UpOptions {
  readonly stateDir: string;
  /** How long to wait for the ensemble to serve. */
  readonly timeoutMs?: number;
  readonly onProgress?: (message: string) => void;
  /** Where ZooKeeper distributions are cached (see ensureDistribution). */
  readonly cacheDir?: string;
}

export type UpOutcome = 'created' | 'unchanged' | 'healed' | 'reconciled';

export interface UpResult {
  readonly name: string;
  readonly outcome: UpOutcome;
  /** Ids of the members this call started. */
  readonly started: readonly number[];
  /** Spec fields that only mean something on Kubernetes and were ignored. */
  readonly ignoredFields: readonly string[];
  readonly status: EnsembleStatus;
}

export const DEFAULT_UP_TIMEOUT_MS = 120_000;

export async function up(manifestPath: string, options: UpOptions): Promise<UpResult> {
  const { stateDir, timeoutMs = DEFAULT_UP_TIMEOUT_MS } = options;
  const progress = options.onProgress ?? (() => undefined);
  const manifest = readManifest(manifestPath);
  const name = manifest.name;
  // Local members each get free ports of their own, so spec.ports is ignored here too.
  const ignoredFields = [
    ...kubernetesOnlyFields(manifest.spec),
    ...(manifest.spec.ports ? ['spec.ports'] : []),
  ];
  if (ignoredFields.length > 0) progress(`ignored locally (Kubernetes only): ${ignoredFields.join(', ')}`);

  const dir = ensembleDir(stateDir, name);
  const isNewStateDir = !existsSync(stateDir);
  const version = readState(stateDir, name)?.version ?? manifest.spec.version;
  const distribution = await getDistribution(version, options);
  const isNew = !existsSync(dir);
  try {
    const { outcome, started } = await withEnsembleLock(dir, async () => {
      const state = readState(stateDir, name);
      const context = { stateDir, name, distribution, timeoutMs, progress };
      if (state === undefined) return createEnsemble(context, manifest.spec);
      return reconcileToManifest(context, state, manifest.spec, { cacheDir: options.cacheDir });
    });
    return { name, outcome, started, ignoredFields, status: await status(name, stateDir) };
  } catch (error) {
    if (isNew) rmSync(dir, { recursive: true, force: true });
    if (isNewStateDir) removeIfEmpty(stateDir);
    throw error;
  }
}

/** A state directory this call created goes again with its only ensemble; one that holds others stays. */
function removeIfEmpty(dir: string): void {
  try {
    rmdirSync(dir);
  } catch {
    // Not empty (or already gone): it is not this call's to remove.
  }
}

async function getDistribution(version: string, options: UpOptions): Promise<Distribution> {
  try {
    return await ensureDistribution(version, { cacheDir: options.cacheDir, onProgress: options.onProgress });
  } catch (error) {
    if (error instanceof DistributionError) throw failed(`ZooKeeper ${version}: ${error.message}`);
    throw error;
  }
}
