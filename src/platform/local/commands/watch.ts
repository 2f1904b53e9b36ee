/**
 * `zkop up --watch`: keep observing an ensemble and heal it (or finish any change) until stopped.
 * Each pass takes the ensemble's lock only while it works, so `zkop scale` and `zkop restart` can
 * run between passes; their new desired state is what the next pass keeps. Scheduled backups are
 * taken between passes (backup-schedule.ts).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { PlatformError } from '../../shared/errors.ts';
import { type BackupSchedule, BackupScheduler } from '../backup/backup-schedule.ts';
import { distributionSource } from '../lifecycle/distributions.ts';
import { runLifecycle } from '../lifecycle/run.ts';
import type { LifecycleRunOptions } from '../lifecycle/run-options.ts';

export interface WatchOptions extends LifecycleRunOptions {
  /** Between passes. Default 2 s. */
  readonly intervalMs?: number;
  /** What one pass may take before it is given up and tried again. Default 120 s. */
  readonly passTimeoutMs?: number;
  /** Backups to take while watching. */
  readonly backups?: BackupSchedule;
}

/** Resolves once `signal` aborts. A pass that fails is reported and tried again. */
export async function watch(
  name: string,
  options: WatchOptions & { readonly signal: AbortSignal },
): Promise<void> {
  const progress = options.onProgress ?? (() => undefined);
  const distributions = distributionSource({ cacheDir: options.cacheDir, onProgress: progress });
  const { signal } = options;
  progress(`watching ${name}; interrupt (Ctrl-C) to stop`);
  const scheduler = options.backups && new BackupScheduler(name, options.stateDir, options.backups, progress);
  while (!signal.aborted) {
    try {
      const result = await runLifecycle(
        name,
        { ...options, timeoutMs: options.passTimeoutMs ?? 120_000 },
        () => undefined,
        distributions,
      );
      if (result.executed.length > 0)
        progress(`${name}: healthy again after ${result.executed.length} step(s)`);
    } catch (error) {
      if (!(error instanceof PlatformError) || error.kind === 'not-found') throw error;
      progress(`${name}: ${error.message}${error.details ? `\n${error.details}` : ''}`);
    }
    await scheduler?.tick(new Date());
    try {
      await sleep(options.intervalMs ?? 2_000, undefined, { signal });
    } catch {
      // Aborted: the loop ends.
    }
  }
  progress(`stopped watching ${name}`);
}
