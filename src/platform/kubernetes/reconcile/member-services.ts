/**
 * The member Services as the watch cache has them: their cluster IPs (where the pods' DNS names
 * point), and those the StatefulSet no longer runs a pod for: after the StatefulSet shrank past a
 * member (which had left the ensemble by reconfig before), its Service goes too. Read from the cache,
 * so an operator stopped between the two deletes it at its next reconcile.
 */
import type { V1Service } from '@kubernetes/client-node';
import { deleteEach, type KubeApi } from '../client/kube-api.ts';
import { SERVICES } from '../client/resources.ts';
import { COMPONENT_LABEL } from '../render/metadata.ts';
import type { CacheView } from '../runtime/object-cache.ts';
import { ordinalOf } from './member-facts.ts';
import { zooKeeperKeyOf } from './owner-key.ts';

type Owner = { readonly metadata: { readonly name: string; readonly namespace: string } };

const memberServicesOf = (services: CacheView<V1Service>, { metadata: { name, namespace } }: Owner) =>
  services
    .list(namespace)
    .filter(
      (s) =>
        zooKeeperKeyOf(s) === `${namespace}/${name}` && s.metadata?.labels?.[COMPONENT_LABEL] === 'member',
    );

/** Cluster IPs by Service name, of the member Services that have one. */
export function memberServiceIps(services: CacheView<V1Service>, zk: Owner): Map<string, string> {
  const ips = new Map<string, string>();
  for (const s of memberServicesOf(services, zk)) {
    const ip = s.spec?.clusterIP;
    if (s.metadata?.name && ip && ip !== 'None') ips.set(s.metadata.name, ip);
  }
  return ips;
}

export async function deleteSurplusMemberServices(
  api: KubeApi,
  services: CacheView<V1Service>,
  zk: Owner,
  podCount: number,
): Promise<string[]> {
  const { name } = zk.metadata;
  const surplus = memberServicesOf(services, zk).filter((s) => {
    const ordinal = ordinalOf(name, s.metadata?.name ?? '');
    return ordinal !== undefined && ordinal >= podCount;
  });
  return deleteEach(api, SERVICES, surplus);
}
