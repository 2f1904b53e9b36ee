/**
 * Volume claims no storage will ever provision because the StorageClass they name does not exist.
 * Nothing refuses them on the way: the StatefulSet makes them, they stay Pending and their members'
 * pods never start, so zkop says why. A StorageClass is read only while a claim is Pending.
 */
import type { V1PersistentVolumeClaim } from '@kubernetes/client-node';
import { STORAGE_CLASSES } from '../client/resources.ts';
import type { ReconcileContext } from './context.ts';
import type { Problem } from './report-problem.ts';

export async function unprovisionedClaim(
  ctx: Pick<ReconcileContext, 'api'>,
  claims: readonly V1PersistentVolumeClaim[],
): Promise<Problem | undefined> {
  const checked = new Set<string>();
  for (const claim of claims) {
    const className = claim.spec?.storageClassName;
    if (claim.status?.phase !== 'Pending' || claim.metadata?.deletionTimestamp || !className) continue;
    if (checked.has(className)) continue;
    checked.add(className);
    if (await ctx.api.get(STORAGE_CLASSES, { name: className })) continue;
    return {
      reason: 'StorageClassNotFound',
      message:
        `volume claim ${claim.metadata?.name} asks for StorageClass ${className}, which does not exist, so its ` +
        'member cannot start: create that StorageClass, or delete this ZooKeeper and create it again with ' +
        'spec.storage.storageClassName naming one that exists (kubectl get storageclass)',
    };
  }
  return undefined;
}
