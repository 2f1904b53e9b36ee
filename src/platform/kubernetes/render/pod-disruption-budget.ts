/** Voluntary evictions (drains) take at most `spec.disruption.maxUnavailable` members at a time. */
import type { V1PodDisruptionBudget } from '@kubernetes/client-node';
import type { RenderContext } from './context.ts';
import { objectMeta, selectorLabels } from './metadata.ts';

export function renderPodDisruptionBudget(ctx: RenderContext): V1PodDisruptionBudget {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: objectMeta(ctx, ctx.names.podDisruptionBudget, 'disruption-budget'),
    spec: {
      maxUnavailable: ctx.spec.disruption.maxUnavailable,
      selector: { matchLabels: selectorLabels(ctx.name) },
    },
  };
}
