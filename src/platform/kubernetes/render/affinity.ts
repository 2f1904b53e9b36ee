/** The pod's affinity: the user's `spec.pod.affinity` plus the anti-affinity that spreads members over nodes. */
import type { V1Affinity, V1PodAffinityTerm } from '@kubernetes/client-node';
import type { RenderContext } from './context.ts';
import { selectorLabels } from './metadata.ts';

export const HOSTNAME_TOPOLOGY_KEY = 'kubernetes.io/hostname';

export function podAffinity(ctx: RenderContext): V1Affinity | undefined {
  const user = structuredClone(ctx.spec.pod.affinity) as V1Affinity;
  const mode = ctx.spec.pod.antiAffinity;
  if (mode !== 'none') {
    const term: V1PodAffinityTerm = {
      labelSelector: { matchLabels: selectorLabels(ctx.name) },
      topologyKey: HOSTNAME_TOPOLOGY_KEY,
    };
    const anti = { ...user.podAntiAffinity };
    if (mode === 'required') {
      anti.requiredDuringSchedulingIgnoredDuringExecution = [
        ...(anti.requiredDuringSchedulingIgnoredDuringExecution ?? []),
        term,
      ];
    } else {
      anti.preferredDuringSchedulingIgnoredDuringExecution = [
        ...(anti.preferredDuringSchedulingIgnoredDuringExecution ?? []),
        { weight: 100, podAffinityTerm: term },
      ];
    }
    user.podAntiAffinity = anti;
  }
  return Object.keys(user).length > 0 ? user : undefined;
}
