/**
 * EndpointSlices of the headless Service that zkop did not write. While the Service selected the
 * pods (ensembles created before zkop wrote its endpoints), the EndpointSlice controller wrote slices
 * of the pods' own addresses; once the selector is gone it stops updating them but leaves them, so a
 * pod's name would answer with an address that no longer reaches the member. Deleted from the watch
 * cache, once the live Service has no selector (the controller would write them again before), so an
 * operator stopped between dropping the selector and this deletes them at its next reconcile.
 */
import type { V1EndpointSlice, V1Service } from '@kubernetes/client-node';
import { deleteEach, type KubeApi } from '../client/kube-api.ts';
import { ENDPOINT_SLICES } from '../client/resources.ts';
import { objectNames } from '../render/index.ts';
import { SERVICE_NAME_LABEL, SLICE_MANAGED_BY_LABEL, SLICE_MANAGER } from '../render/services.ts';
import type { CacheView } from '../runtime/object-cache.ts';

export async function deleteForeignPodNameSlices(
  api: KubeApi,
  services: CacheView<V1Service>,
  slices: CacheView<V1EndpointSlice>,
  zk: { readonly metadata: { readonly name: string; readonly namespace: string } },
): Promise<string[]> {
  const { name, namespace } = zk.metadata;
  const headless = objectNames(name).headlessService;
  const service = services.get(`${namespace}/${headless}`);
  if (!service || service.spec?.selector) return [];
  const foreign = slices
    .list(namespace)
    .filter(
      (s) =>
        s.metadata?.labels?.[SERVICE_NAME_LABEL] === headless &&
        s.metadata?.labels?.[SLICE_MANAGED_BY_LABEL] !== SLICE_MANAGER,
    );
  return deleteEach(api, ENDPOINT_SLICES, foreign);
}
