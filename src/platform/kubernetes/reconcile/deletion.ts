/**
 * What deleting a ZooKeeper object does, per `deletionPolicy` (ADR 0091). Owned objects go by garbage
 * collection once the object is gone; volume claims are not owned (the StatefulSet keeps them), so
 * every policy needs zkop's finalizer (finalizer.ts) to act before the object goes:
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
import { PVCS, SECRETS } from '../client/resources.ts';
import type { ZooKeeperObject } from '../render/index.ts';
import type { LiveZooKeeper, ReconcileContext } from './context.ts';
import { hasFinalizer, releaseFinalizer } from './finalizer.ts';
import { recordedConfig } from './recorded-config.ts';
import { reportProblem } from './report-problem.ts';
import {
  generatedSecret,
  isForeignRetained,
  ownersWithout,
  RETAINED_ANNOTATION,
  retainedRecord,
} from './retained.ts';

export const DO_NOT_TERMINATE_MESSAGE =
  'deletionPolicy is DoNotTerminate, so zkop keeps this ensemble: set spec.deletionPolicy to Delete, Retain or WipeOut to let the deletion finish';

/**
 * Runs the policy's cleanup for an object being deleted, then releases it; what it did. DoNotTerminate
 * holds it, shown in the status as the problem DeletionRefused.
 */
export async function finalize(
  ctx: Pick<ReconcileContext, 'api' | 'events' | 'clock'>,
  zk: LiveZooKeeper,
  policy: DeletionPolicy,
  claims: readonly V1PersistentVolumeClaim[],
): Promise<readonly string[]> {
  if (!hasFinalizer(zk)) return [];
  if (policy === 'DoNotTerminate') {
    return reportProblem(ctx, zk, {
      reason: 'DeletionRefused',
      message: DO_NOT_TERMINATE_MESSAGE,
      action: 'Delete',
    });
  }
  const { api } = ctx;
  const actions =
    policy === 'Retain'
      ? await retain(api, zk, claims, recordedConfig(zk.status))
      : await wipe(api, zk, policy, claims);
  await releaseFinalizer(api, zk);
  return actions;
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
  const keep = async (type: typeof PVCS, object: KubernetesObject, what: string): Promise<string[]> => {
    // A claim another object retained keeps that mark: its data is not this ensemble's.
    const ours = !isForeignRetained(object, zk.metadata.uid);
    const annotate = ours && object.metadata?.annotations?.[RETAINED_ANNOTATION] !== record;
    const owned = (object.metadata?.ownerReferences ?? []).some((r) => r.uid === zk.metadata.uid);
    if (!annotate && !owned) return [];
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
    return [`retain ${what} ${object.metadata?.name}`];
  };
  const actions: string[] = [];
  for (const claim of claims) {
    if (!claim.metadata?.deletionTimestamp) actions.push(...(await keep(PVCS, claim, 'volume claim')));
  }
  const secret = await generatedSecret(api, zk);
  return secret ? [...actions, ...(await keep(SECRETS, secret, 'Secret'))] : actions;
}
