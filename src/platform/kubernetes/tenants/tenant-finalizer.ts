/**
 * zkop's finalizer on a ZooKeeperTenant it carries out: set while it lives, so its path can be removed
 * (`deletionPolicy: Delete`) before the object goes, and released once that is done.
 */
import type { KubeApi } from '../client/kube-api.ts';
import { TENANTS } from '../client/resources.ts';
import { finalizersPatch, finalizersWith } from '../reconcile/finalizer.ts';
import type { LiveTenant } from './live-tenant.ts';

/** Adds (`keep`) or removes zkop's finalizer when it has to; what it did. */
export async function tenantFinalizer(
  api: KubeApi,
  tenant: LiveTenant,
  keep: boolean,
): Promise<readonly string[]> {
  const finalizers = finalizersWith(tenant, keep);
  if (finalizers === undefined) return [];
  await api.mergePatch(TENANTS, ...finalizersPatch(tenant, finalizers));
  return [`${keep ? 'set' : 'release'} finalizer of ZooKeeperTenant ${tenant.metadata.name}`];
}
