/**
 * Member Services the StatefulSet no longer runs a pod for: after the StatefulSet shrank past a
 * member (which had left the ensemble by reconfig before), its Service goes too. Found in the watch
 * cache, so an operator stopped between the two deletes it at its next reconcile.
 */
import type { V1Service } from '@kubernetes/client-node';
import type { KubeApi } from './kube-api.ts';
import { ordinalOf } from './member-facts.ts';
import type { CacheView } from './object-cache.ts';
import { zooKeeperKeyOf } from './owner-key.ts';
import { COMPONENT_LABEL } from './render/metadata.ts';
import { SERVICES } from './resources.ts';

export async function deleteSurplusMemberServices(
  api: KubeApi,
  services: CacheView<V1Service>,
  zk: { readonly metadata: { readonly name: string; readonly namespace: string } },
  podCount: number,
): Promise<string[]> {
  const { name, namespace } = zk.metadata;
  const surplus = services.list(namespace).filter((s) => {
    if (zooKeeperKeyOf(s) !== `${namespace}/${name}` || s.metadata?.labels?.[COMPONENT_LABEL] !== 'member') {
      return false;
    }
    const ordinal = ordinalOf(name, s.metadata?.name ?? '');
    return ordinal !== undefined && ordinal >= podCount;
  });
  const actions: string[] = [];
  for (const service of surplus) {
    await api.delete(
      SERVICES,
      { namespace, name: service.metadata?.name ?? '' },
      { preconditions: { uid: service.metadata?.uid } },
    );
    actions.push(`delete Service ${service.metadata?.name}`);
  }
  return actions;
}
