/** `zkop restart`: restart every member, followers first and the leader last, without losing quorum. */
import type { ReconcileResult } from '../lifecycle/reconcile.ts';
import { runLifecycle } from '../lifecycle/run.ts';
import type { LifecycleRunOptions } from '../lifecycle/run-options.ts';

export function restart(name: string, options: LifecycleRunOptions): Promise<ReconcileResult> {
  return runLifecycle(name, options, (state) => {
    const lifecycle = state.lifecycle;
    if (!lifecycle) return undefined;
    // A roll cut short (zkop killed) is continued, not started over.
    const rolling = (lifecycle.settledToken ?? '') !== lifecycle.restartToken;
    if (rolling) {
      options.onProgress?.('continuing the restart in progress');
      return undefined;
    }
    // A new token makes every member stale; the engine restarts them in its order.
    const restartToken = new Date().toISOString();
    return { ...state, lifecycle: { ...lifecycle, restartToken } };
  });
}
