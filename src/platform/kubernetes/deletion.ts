/**
 * What deleting a ZooKeeper object does, per `deletionPolicy`. Owned objects go by garbage
 * collection; volumes are not owned (the StatefulSet keeps them), so removing them needs a finalizer:
 * - Delete, WipeOut: the finalizer deletes the ensemble's volume claims, then lets the object go.
 * - Retain: no finalizer; the claims stay for an ensemble of the same name to reuse.
 * - DoNotTerminate: the finalizer holds the object (Terminating) until the policy is changed.
 */
import type { V1PersistentVolumeClaim } from '@kubernetes/client-node';
import type { DeletionPolicy } from '../../api/spec.ts';
import type { KubeApi } from './kube-api.ts';
import type { ZooKeeperObject } from './render/index.ts';
import { PVCS, ZOOKEEPERS } from './resources.ts';

export const FINALIZER = 'zookeeper.zkop.dev/cleanup';

export const needsFinalizer = (policy: DeletionPolicy): boolean => policy !== 'Retain';

const refOf = (zk: ZooKeeperObject) => ({ namespace: zk.metadata.namespace, name: zk.metadata.name });

/** Adds or removes zkop's finalizer so it matches the policy; no call when it already does. */
export async function syncFinalizer(
  api: KubeApi,
  zk: ZooKeeperObject,
  policy: DeletionPolicy,
): Promise<boolean> {
  const finalizers = (zk.metadata as { finalizers?: string[] }).finalizers ?? [];
  const has = finalizers.includes(FINALIZER);
  if (has === needsFinalizer(policy)) return false;
  const next = has ? finalizers.filter((f) => f !== FINALIZER) : [...finalizers, FINALIZER];
  await api.mergePatch(ZOOKEEPERS, refOf(zk), {
    metadata: {
      finalizers: next,
      resourceVersion: (zk.metadata as { resourceVersion?: string }).resourceVersion,
    },
  });
  return true;
}

export type DeletionOutcome =
  | { readonly state: 'released'; readonly deletedClaims: string[] }
  | { readonly state: 'held'; readonly reason: string };

/** Runs the policy's cleanup for an object being deleted, then releases it. */
export async function finalize(
  api: KubeApi,
  zk: ZooKeeperObject,
  policy: DeletionPolicy,
  claims: readonly V1PersistentVolumeClaim[],
): Promise<DeletionOutcome> {
  const finalizers = (zk.metadata as { finalizers?: string[] }).finalizers ?? [];
  if (!finalizers.includes(FINALIZER)) return { state: 'released', deletedClaims: [] };
  if (policy === 'DoNotTerminate') {
    return {
      state: 'held',
      reason:
        'deletionPolicy is DoNotTerminate, so zkop keeps this ensemble: set spec.deletionPolicy to Delete or Retain to let the deletion finish',
    };
  }
  const deletedClaims: string[] = [];
  if (policy === 'Delete' || policy === 'WipeOut') {
    for (const claim of claims) {
      const name = claim.metadata?.name ?? '';
      await api.delete(
        PVCS,
        { namespace: zk.metadata.namespace, name },
        { preconditions: { uid: claim.metadata?.uid } },
      );
      deletedClaims.push(name);
    }
  }
  await api.mergePatch(ZOOKEEPERS, refOf(zk), {
    metadata: {
      finalizers: finalizers.filter((f) => f !== FINALIZER),
      resourceVersion: (zk.metadata as { resourceVersion?: string }).resourceVersion,
    },
  });
  return { state: 'released', deletedClaims };
}
