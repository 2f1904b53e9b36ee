/**
 * Which member pods their member Service sends connections to (ROUTED_LABEL): all but those being
 * deleted. kube-proxy keeps sending new connections to a pod being deleted until the pod object is
 * gone, which is after its network is; a connection sent to that address gets no answer, and the
 * kernel keeps the client's retried SYNs on it, so the client waits out its whole connect timeout
 * (kazoo: the session timeout). Taken off at once, the member's Service refuses new connections
 * while the pod's preStop pause (render/containers.ts) keeps the process serving the ones it has.
 */
import type { V1Pod } from '@kubernetes/client-node';
import { isNotFound, type KubeApi } from '../client/kube-api.ts';
import { PODS } from '../client/resources.ts';
import { ROUTED_LABEL } from '../render/metadata.ts';

export type RoutePatch = { readonly metadata: { readonly labels: Record<string, string | null> } };

/** The patch that routes the pod as it should be, or undefined when it is. */
export function routePatch(pod: V1Pod): RoutePatch | undefined {
  const routed = pod.metadata?.labels?.[ROUTED_LABEL] === 'true';
  const leaving = pod.metadata?.deletionTimestamp !== undefined;
  if (routed === !leaving) return undefined;
  return { metadata: { labels: { [ROUTED_LABEL]: leaving ? null : 'true' } } };
}

/** Routes each pod as it should be; what it did, one `route`/`unroute pod <name>` per patch. */
export async function routeMembers(api: KubeApi, pods: readonly V1Pod[]): Promise<string[]> {
  const actions: string[] = [];
  for (const pod of pods) {
    const patch = routePatch(pod);
    if (!patch) continue;
    const name = pod.metadata?.name ?? '';
    try {
      await api.mergePatch(PODS, { namespace: pod.metadata?.namespace, name }, patch);
    } catch (err) {
      // A pod deleted in the meantime needs no route.
      if (isNotFound(err)) continue;
      throw err;
    }
    actions.push(`${patch.metadata.labels[ROUTED_LABEL] ? 'route' : 'unroute'} pod ${name}`);
  }
  return actions;
}
