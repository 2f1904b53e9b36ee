/**
 * Growing a running ensemble's volumes when `spec.storage.size` (or `dataLog.size`) grows. A
 * StatefulSet's volumeClaimTemplates cannot change, so zkop grows each member's claim itself, waits
 * until the storage reports the new capacity, and then replaces the StatefulSet without its pods:
 * deleted with propagation Orphan, it is created again by the next reconcile from the new template
 * and adopts the running pods. No pod restarts, except where the storage grows a file system only
 * when its pod starts: the engine rolls those members in its safe order (member-facts.ts). Until the
 * replacement, the live StatefulSet is rendered with the sizes it has, so it is not applied in vain.
 * A claim whose StorageClass does not allow expansion is refused in the status (Degraded) while the
 * rest of the ensemble is reconciled as usual.
 */
import type { V1PersistentVolumeClaim, V1StatefulSet } from '@kubernetes/client-node';
import type { ResolvedSpec } from '../../../api/defaults.ts';
import type { Quantity } from '../../../api/spec.ts';
import { PVCS, STATEFULSETS, STORAGE_CLASSES } from '../client/resources.ts';
import type { VolumeSizes } from '../render/index.ts';
import { VOLUMES } from '../render/pod-layout.ts';
import type { LiveZooKeeper, ReconcileContext } from './context.ts';
import { isRefusal } from './problem.ts';
import type { Problem } from './report-problem.ts';
import {
  capacityOf,
  isBound,
  isSmaller,
  requestedSize,
  resizeFailure,
  resizeProgress,
  type VolumeName,
  volumeOfClaim,
  wantedSizes,
} from './volume-claims.ts';

export const EXPAND_VOLUMES = 'ExpandVolumes';

export type Expansion =
  | { readonly state: 'none' }
  | {
      /** growing: claims grow; replacing: the StatefulSet is replaced; refused: a claim cannot grow. */
      readonly state: 'growing' | 'replacing' | 'refused';
      readonly step: string;
      readonly waitingFor: string;
      /** The live StatefulSet's template sizes, which it keeps until replaced. */
      readonly templateSizes: VolumeSizes;
      readonly problem?: Problem;
    };

export const NO_EXPANSION: Expansion = { state: 'none' };

/** The expansion under way after this step, and what the step did. */
export interface Expanded {
  readonly expansion: Expansion;
  readonly actions: readonly string[];
}

interface ClaimOfVolume {
  readonly claim: V1PersistentVolumeClaim;
  readonly name: string;
  readonly wanted: Quantity;
}

/** The size of each claim template of the live StatefulSet, by volume. */
function templateSizesOf(statefulSet: V1StatefulSet | undefined): VolumeSizes {
  const size = (volume: VolumeName) =>
    statefulSet?.spec?.volumeClaimTemplates?.find((t) => t.metadata?.name === volume)?.spec?.resources
      ?.requests?.storage as Quantity | undefined;
  const data = size(VOLUMES.data);
  const dataLog = size(VOLUMES.dataLog);
  return { ...(data !== undefined ? { data } : {}), ...(dataLog !== undefined ? { dataLog } : {}) };
}

const templateSizeOf = (sizes: VolumeSizes, volume: VolumeName): Quantity | undefined =>
  volume === VOLUMES.data ? sizes.data : sizes.dataLog;

function sizesText(wanted: ReadonlyMap<VolumeName, Quantity>): string {
  return [...wanted].map(([volume, size]) => `${volume} to ${size}`).join(' and ');
}

/**
 * Moves the expansion of `zk`'s volumes one step on: grow the claims that are smaller than the spec
 * asks, wait for them, then (with the engine settled, so no member changes meanwhile) replace the
 * StatefulSet.
 */
export async function expandVolumes(
  ctx: ReconcileContext,
  zk: LiveZooKeeper,
  spec: ResolvedSpec,
  statefulSet: V1StatefulSet | undefined,
  claims: readonly V1PersistentVolumeClaim[],
  settled: boolean,
): Promise<Expanded> {
  const wanted = wantedSizes(spec);
  const step = `grow the volumes: ${sizesText(wanted)}`;
  const templateSizes = templateSizesOf(statefulSet);
  const at = (
    state: 'growing' | 'replacing',
    waitingFor: string,
    actions: readonly string[] = [],
  ): Expanded => ({ expansion: { state, step, waitingFor, templateSizes }, actions });
  if (statefulSet?.metadata?.deletionTimestamp) {
    return at('replacing', 'the StatefulSet being deleted to be gone, to create it again');
  }
  const members: ClaimOfVolume[] = claims.flatMap((claim) => {
    const volume = volumeOfClaim(zk.metadata.name, claim);
    const size = volume && wanted.get(volume);
    return size && !claim.metadata?.deletionTimestamp && isBound(claim)
      ? [{ claim, name: claim.metadata?.name ?? '', wanted: size }]
      : [];
  });
  const refused = (problem: Problem, actions: readonly string[] = []): Expanded => ({
    expansion: { state: 'refused', step, waitingFor: problem.message, templateSizes, problem },
    actions,
  });
  const small = members.filter((m) => isSmaller(requestedSize(m.claim), m.wanted));
  const unfit = small.length > 0 ? await notExpandable(ctx, small) : undefined;
  if (unfit) return refused(unfit);
  const grown = small.length > 0 ? await grow(ctx, zk, small) : { actions: [] };
  if (grown.problem) return refused(grown.problem, grown.actions);
  const failed = members.map((m) => resizeFailure(m.claim)).find((f) => f !== undefined);
  if (failed) {
    return refused(
      { reason: 'VolumeExpansionFailed', message: failed, action: EXPAND_VOLUMES },
      grown.actions,
    );
  }
  const growing = small[0] ?? members.find((m) => isSmaller(capacityOf(m.claim) ?? '0', m.wanted));
  if (growing) {
    const why = small.includes(growing) ? 'the storage to grow it' : resizeProgress(growing.claim);
    const waitingFor = `volume claim ${growing.name} to grow to ${growing.wanted}: waiting for ${why}`;
    return at('growing', waitingFor, grown.actions);
  }
  const outdated = [...wanted].some(([volume, size]) =>
    isSmaller(templateSizeOf(templateSizes, volume), size),
  );
  if (!statefulSet || !outdated) return { expansion: NO_EXPANSION, actions: [] };
  if (!settled) return at('growing', 'the ensemble to settle before its StatefulSet is replaced');
  const name = statefulSet.metadata?.name ?? zk.metadata.name;
  await ctx.api.delete(
    STATEFULSETS,
    { namespace: zk.metadata.namespace, name },
    { propagationPolicy: 'Orphan', preconditions: { uid: statefulSet.metadata?.uid } },
  );
  await ctx.events.record(zk, {
    type: 'Normal',
    reason: 'ReplaceStatefulSet',
    action: EXPAND_VOLUMES,
    note: `every volume claim grew (${sizesText(wanted)}): StatefulSet ${name} is created again with the new sizes; its pods keep running`,
  });
  return at('replacing', `StatefulSet ${name} to be created again with the new volume sizes`, [
    `replace StatefulSet ${name}, keeping its pods`,
  ]);
}

/** A problem when a claim's StorageClass does not let it grow. */
async function notExpandable(
  ctx: ReconcileContext,
  small: readonly ClaimOfVolume[],
): Promise<Problem | undefined> {
  const classes = new Map<string, boolean>();
  for (const { claim, name, wanted } of small) {
    const className = claim.spec?.storageClassName ?? '';
    if (!classes.has(className)) {
      const storageClass = className
        ? await ctx.api.get<{ allowVolumeExpansion?: boolean } & { metadata?: object }>(STORAGE_CLASSES, {
            name: className,
          })
        : undefined;
      classes.set(className, storageClass?.allowVolumeExpansion === true);
    }
    if (classes.get(className)) continue;
    const why = className
      ? `its StorageClass ${className} does not allow volume expansion (allowVolumeExpansion is not true)`
      : 'it has no StorageClass';
    return {
      reason: 'VolumeExpansionNotSupported',
      message:
        `volume claim ${name} cannot grow from ${requestedSize(claim)} to ${wanted}: ${why}. The ensemble keeps ` +
        'its volumes as they are; zkop grows them once the StorageClass allows expansion',
      action: EXPAND_VOLUMES,
    };
  }
  return undefined;
}

/** Asks for the new size on each claim; what it did, and a problem when the API server refuses. */
async function grow(
  ctx: ReconcileContext,
  zk: LiveZooKeeper,
  small: readonly ClaimOfVolume[],
): Promise<{ readonly actions: readonly string[]; readonly problem?: Problem }> {
  const actions: string[] = [];
  for (const { claim, name, wanted } of small) {
    try {
      await ctx.api.mergePatch(
        PVCS,
        { namespace: zk.metadata.namespace, name },
        { spec: { resources: { requests: { storage: String(wanted) } } } },
      );
    } catch (err) {
      if (!isRefusal(err)) throw err;
      const message = `the API server refused to grow volume claim ${name} from ${requestedSize(claim)} to ${wanted}: ${err.message}`;
      return { actions, problem: { reason: 'VolumeExpansionRefused', message, action: EXPAND_VOLUMES } };
    }
    actions.push(`grow volume claim ${name} to ${wanted}`);
  }
  const names = small.map((m) => m.name).join(', ');
  await ctx.events.record(zk, {
    type: 'Normal',
    reason: EXPAND_VOLUMES,
    action: EXPAND_VOLUMES,
    note: `grow volume claims ${names} to the size the spec asks for`,
  });
  return { actions };
}
