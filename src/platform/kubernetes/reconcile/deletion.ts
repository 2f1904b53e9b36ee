/**
 * What deleting a ZooKeeper object does, per `deletionPolicy` (ADR 0091). Owned objects go by garbage
 * collection once the object is gone; volume claims are not owned (the StatefulSet keeps them), so
 * every policy needs zkop's finalizer to act before the object goes:
 * - Delete: the ensemble's claims are deleted; claims another deleted object retained stay.
 * - Retain: the claims and zkop's super user Secret are kept, marked with the object's uid and last
 *   config (retained.ts) and freed of owner references to it, for an object of the same name.
 * - WipeOut: every claim of the ensemble's name, retained ones too, and zkop's Secret are deleted.
 * - DoNotTerminate: the finalizer holds the object (Terminating) until the policy is changed; where
 *   the admission policy of deploy/ is installed the API server refuses the deletion before that.
 */
import type { KubernetesObject, V1PersistentVolumeClaim } from '@kubernetes/client-node';
import type { DeletionPolicy } from '../../../api/spec.ts';
import type { EnsembleConfig } from '../../../engine/index.ts';
import type { KubeApi } from '../client/kube-api.ts';
import { PVCS, SECRETS, ZOOKEEPERS } from '../client/resources.ts';
import type { ZooKeeperObject } from '../render/index.ts';
import {
  generatedSecret,
  isForeignRetained,
  ownersWithout,
  RETAINED_ANNOTATION,
  retainedRecord,
} from './retained.ts';

export const FINALIZER = 'zookeeper.zkop.dev/cleanup';

export const DO_NOT_TERMINATE_MESSAGE =
  'deletionPolicy is DoNotTerminate, so zkop keeps this ensemble: set spec.deletionPolicy to Delete, Retain or WipeOut to let the deletion finish';

const refOf = (zk: ZooKeeperObject) => ({ namespace: zk.metadata.namespace, name: zk.metadata.name });
const finalizersOf = (zk: ZooKeeperObject): string[] =>
  (zk.metadata as { finalizers?: string[] }).finalizers ?? [];

/** Adds zkop's finalizer when it is missing; no call when it is there. */
export async function syncFinalizer(api: KubeApi, zk: ZooKeeperObject): Promise<boolean> {
  const finalizers = finalizersOf(zk);
  if (finalizers.includes(FINALIZER)) return false;
  await api.mergePatch(ZOOKEEPERS, refOf(zk), {
    metadata: {
      finalizers: [...finalizers, FINALIZER],
      resourceVersion: (zk.metadata as { resourceVersion?: string }).resourceVersion,
    },
  });
  return true;
}

export type DeletionOutcome =
  | { readonly state: 'released'; readonly actions: string[] }
  | { readonly state: 'held'; readonly reason: string };

/** Runs the policy's cleanup for an object being deleted, then releases it. */
export async function finalize(
  api: KubeApi,
  zk: ZooKeeperObject,
  policy: DeletionPolicy,
  claims: readonly V1PersistentVolumeClaim[],
  recorded: EnsembleConfig | undefined,
): Promise<DeletionOutcome> {
  const finalizers = finalizersOf(zk);
  if (!finalizers.includes(FINALIZER)) return { state: 'released', actions: [] };
  if (policy === 'DoNotTerminate') return { state: 'held', reason: DO_NOT_TERMINATE_MESSAGE };
  const actions =
    policy === 'Retain' ? await retain(api, zk, claims, recorded) : await wipe(api, zk, policy, claims);
  await api.mergePatch(ZOOKEEPERS, refOf(zk), {
    metadata: {
      finalizers: finalizers.filter((f) => f !== FINALIZER),
      resourceVersion: (zk.metadata as { resourceVersion?: string }).resourceVersion,
    },
  });
  return { state: 'released', actions };
}

async function wipe(
  api: KubeApi,
  zk: ZooKeeperObject,
  policy: 'Delete' | 'WipeOut',
  claims: readonly V1PersistentVolumeClaim[],
): Promise<string[]> {
  const actions: string[] = [];
  for (const claim of claims) {
    if (policy === 'Delete' && isForeignRetained(claim, zk.metadata.uid)) continue;
    const name = claim.metadata?.name ?? '';
    await api.delete(
      PVCS,
      { namespace: zk.metadata.namespace, name },
      { preconditions: { uid: claim.metadata?.uid } },
    );
    actions.push(`delete volume claim ${name}`);
  }
  if (policy === 'WipeOut') {
    // Owned, so garbage collection would take it too, but not when Retain once freed it.
    const secret = await generatedSecret(api, zk);
    if (secret) {
      const name = secret.metadata?.name ?? '';
      await api.delete(
        SECRETS,
        { namespace: zk.metadata.namespace, name },
        { preconditions: { uid: secret.metadata?.uid } },
      );
      actions.push(`delete Secret ${name}`);
    }
  }
  return actions;
}

async function retain(
  api: KubeApi,
  zk: ZooKeeperObject,
  claims: readonly V1PersistentVolumeClaim[],
  recorded: EnsembleConfig | undefined,
): Promise<string[]> {
  const record = retainedRecord(zk.metadata.uid, recorded);
  const actions: string[] = [];
  const keep = async (type: typeof PVCS, object: KubernetesObject, what: string) => {
    // A claim another object retained keeps that mark: its data is not this ensemble's.
    const ours = !isForeignRetained(object, zk.metadata.uid);
    const annotate = ours && object.metadata?.annotations?.[RETAINED_ANNOTATION] !== record;
    const owned = (object.metadata?.ownerReferences ?? []).some((r) => r.uid === zk.metadata.uid);
    if (!annotate && !owned) return;
    await api.mergePatch(
      type,
      { namespace: zk.metadata.namespace, name: object.metadata?.name ?? '' },
      {
        metadata: {
          ...(owned ? { ownerReferences: ownersWithout(object, zk.metadata.uid) } : {}),
          ...(annotate ? { annotations: { [RETAINED_ANNOTATION]: record } } : {}),
          resourceVersion: object.metadata?.resourceVersion,
        },
      },
    );
    actions.push(`retain ${what} ${object.metadata?.name}`);
  };
  for (const claim of claims) {
    if (!claim.metadata?.deletionTimestamp) await keep(PVCS, claim, 'volume claim');
  }
  const secret = await generatedSecret(api, zk);
  if (secret) await keep(SECRETS, secret, 'Secret');
  return actions;
}
