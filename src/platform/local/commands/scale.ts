/** `zkop scale`: change the number of voting members and observers, one member at a time. */
import type { ReconcileResult } from '../lifecycle/reconcile.ts';
import { runLifecycle } from '../lifecycle/run.ts';
import type { LifecycleRunOptions } from '../lifecycle/run-options.ts';
import { checkedSpec } from './spec-check.ts';

export interface ScaleRequest {
  readonly replicas: number;
  /** Unchanged when left out. */
  readonly observers?: number;
}

export function scale(
  name: string,
  request: ScaleRequest,
  options: LifecycleRunOptions,
): Promise<ReconcileResult> {
  return runLifecycle(name, options, (state) => {
    const spec = {
      ...state.spec,
      replicas: request.replicas,
      observers: request.observers ?? state.spec.observers,
    };
    if (spec.replicas === state.spec.replicas && spec.observers === state.spec.observers) return undefined;
    return { ...state, spec: checkedSpec(name, spec) };
  });
}
