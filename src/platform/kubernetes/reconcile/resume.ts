/**
 * The step that finds the config an ensemble resumes from: the one its status recorded, else the one
 * a deleted object of the same name left on the volumes it retained (retained.ts), which this object
 * then takes back. Refused, in the status, when those volumes do not fit the spec.
 */
import type { V1OwnerReference, V1PersistentVolumeClaim } from '@kubernetes/client-node';
import type { ResolvedSpec } from '../../../api/defaults.ts';
import { API_VERSION, KIND } from '../../../api/spec.ts';
import type { EnsembleConfig } from '../../../engine/index.ts';
import type { KubeApi } from '../client/kube-api.ts';
import { PVCS, SECRETS } from '../client/resources.ts';
import type { ZooKeeperObject } from '../render/index.ts';
import type { LiveZooKeeper, ReconcileContext } from './context.ts';
import { ordinalOfClaim } from './member-facts.ts';
import { recordedConfig } from './recorded-config.ts';
import { reportProblem } from './report-problem.ts';
import {
  generatedSecret,
  isForeignRetained,
  ownersWithout,
  RETAINED_ANNOTATION,
  retainedConfig,
} from './retained.ts';

export type Resumed =
  | { readonly recorded: EnsembleConfig | undefined; readonly actions: readonly string[] }
  | { readonly refused: true; readonly actions: readonly string[] };

export async function resume(
  ctx: Pick<ReconcileContext, 'api' | 'events' | 'clock'>,
  zk: LiveZooKeeper,
  spec: ResolvedSpec,
  claims: readonly V1PersistentVolumeClaim[],
): Promise<Resumed> {
  const own = recordedConfig(zk.status);
  const retained = own ? undefined : retainedConfig(zk, spec, claims);
  if (retained && 'problem' in retained) {
    const problem = { reason: 'RetainedVolumesMismatch', message: retained.problem };
    return { refused: true, actions: await reportProblem(ctx, zk, problem) };
  }
  const actions = own ? await adoptClaims(ctx.api, zk, claims, own) : await adoptSecret(ctx.api, zk);
  return { recorded: own ?? retained?.config, actions };
}

const ownerReferenceOf = (zk: ZooKeeperObject): V1OwnerReference => ({
  apiVersion: API_VERSION,
  kind: KIND,
  name: zk.metadata.name,
  uid: zk.metadata.uid,
  controller: true,
  blockOwnerDeletion: true,
});

/**
 * A generated Secret that Retain kept is owned again at once. Read only while the object has no
 * config recorded.
 */
async function adoptSecret(api: KubeApi, zk: ZooKeeperObject): Promise<readonly string[]> {
  const secret = await generatedSecret(api, zk);
  if (!secret || (secret.metadata?.ownerReferences ?? []).some((r) => r.uid === zk.metadata.uid)) return [];
  await api.mergePatch(
    SECRETS,
    { namespace: zk.metadata.namespace, name: secret.metadata?.name ?? '' },
    {
      metadata: {
        ownerReferences: [...(ownersWithout(secret, zk.metadata.uid) ?? []), ownerReferenceOf(zk)],
        annotations: { [RETAINED_ANNOTATION]: null },
        resourceVersion: secret.metadata?.resourceVersion,
      },
    },
  );
  return [`adopt Secret ${secret.metadata?.name}`];
}

/**
 * Once the new object recorded its own config, its members' claims are its own: their retained marks
 * go, so its deletion policy applies to them.
 */
async function adoptClaims(
  api: KubeApi,
  zk: ZooKeeperObject,
  claims: readonly V1PersistentVolumeClaim[],
  recorded: EnsembleConfig,
): Promise<readonly string[]> {
  const ids = new Set(recorded.members.map((m) => m.id));
  const adopted: string[] = [];
  for (const claim of claims) {
    const name = claim.metadata?.name ?? '';
    const ordinal = ordinalOfClaim(zk.metadata.name, name);
    if (ordinal === undefined || !ids.has(ordinal + 1) || !isForeignRetained(claim, zk.metadata.uid))
      continue;
    await api.mergePatch(
      PVCS,
      { namespace: zk.metadata.namespace, name },
      { metadata: { annotations: { [RETAINED_ANNOTATION]: null } } },
    );
    adopted.push(`adopt volume claim ${name}`);
  }
  return adopted;
}
