/**
 * What a member's volume claims say about their size: the size asked for, the size the storage
 * reports, whether the storage is still growing it or gave up, and whether the file system waits
 * for the member's pod to start again. Pure.
 */
import type { V1PersistentVolumeClaim, V1Pod } from '@kubernetes/client-node';
import type { ResolvedSpec } from '../../../api/defaults.ts';
import { compareQuantities } from '../../../api/quantity.ts';
import type { Quantity } from '../../../api/spec.ts';
import { VOLUMES } from '../render/pod-layout.ts';

export type VolumeName = typeof VOLUMES.data | typeof VOLUMES.dataLog;

/** The size of each volume a member has: what `spec.storage` asks for. */
export function wantedSizes(spec: Pick<ResolvedSpec, 'storage'>): Map<VolumeName, Quantity> {
  const sizes = new Map<VolumeName, Quantity>([[VOLUMES.data, spec.storage.size]]);
  if (spec.storage.dataLog) sizes.set(VOLUMES.dataLog, spec.storage.dataLog.size);
  return sizes;
}

/** The volume a claim `<volume>-<name>-<ordinal>` of StatefulSet `name` is for, when it is one of a member's. */
export function volumeOfClaim(name: string, claim: V1PersistentVolumeClaim): VolumeName | undefined {
  const claimName = claim.metadata?.name ?? '';
  return [VOLUMES.data, VOLUMES.dataLog].find((volume) => {
    const prefix = `${volume}-${name}-`;
    return claimName.startsWith(prefix) && /^(0|[1-9][0-9]*)$/.test(claimName.slice(prefix.length));
  });
}

export const requestedSize = (claim: V1PersistentVolumeClaim): Quantity | undefined =>
  claim.spec?.resources?.requests?.storage as Quantity | undefined;

/** What the storage reports it holds; the kubelet updates it once the file system grew too. */
export const capacityOf = (claim: V1PersistentVolumeClaim): Quantity | undefined =>
  claim.status?.capacity?.storage as Quantity | undefined;

/** True when `size` is known and smaller than `wanted`. */
export const isSmaller = (size: Quantity | undefined, wanted: Quantity): boolean =>
  size !== undefined && compareQuantities(size, wanted) < 0;

/** A claim the API server lets grow: bound to a volume (a pending claim's request is fixed). */
export const isBound = (claim: V1PersistentVolumeClaim): boolean => claim.status?.phase === 'Bound';

const trueCondition = (claim: V1PersistentVolumeClaim, type: string) =>
  claim.status?.conditions?.find((c) => c.type === type && c.status === 'True');

/** Why the storage gave up growing the claim, e.g. more than the backend can give; undefined when it did not. */
export function resizeFailure(claim: V1PersistentVolumeClaim): string | undefined {
  const status = claim.status?.allocatedResourceStatuses?.storage;
  if (status === 'ControllerResizeInfeasible' || status === 'NodeResizeInfeasible') {
    const error = trueCondition(claim, 'ControllerResizeError') ?? trueCondition(claim, 'NodeResizeError');
    return `the storage cannot grow volume claim ${claim.metadata?.name} (${status})${error?.message ? `: ${error.message}` : ''}`;
  }
  return undefined;
}

/** What the claim waits for while it grows, for status. */
export function resizeProgress(claim: V1PersistentVolumeClaim): string {
  if (trueCondition(claim, 'FileSystemResizePending')) return 'its file system to grow';
  const error = trueCondition(claim, 'ControllerResizeError') ?? trueCondition(claim, 'NodeResizeError');
  if (error) return `the storage, which reported: ${error.message ?? error.reason ?? error.type}`;
  return 'the storage to grow it';
}

/**
 * How long a grown volume may wait for the kubelet to grow its file system while the pod runs (what
 * storage that can expand online does) before zkop restarts the member to let it grow on mount.
 */
export const ONLINE_RESIZE_GRACE_MS = 2 * 60_000;

const timeOf = (value: unknown): number => (value ? new Date(value as string).getTime() : Number.NaN);

/**
 * True when the claim's file system grows only once `pod` starts again: it has waited for its pod
 * since before the pod started (a pod started later grows it on mount) for longer than the grace.
 */
export function fileSystemWaitsForRestart(
  claim: V1PersistentVolumeClaim,
  pod: V1Pod | undefined,
  now: number,
): boolean {
  const pending = trueCondition(claim, 'FileSystemResizePending');
  if (!pending || !pod) return false;
  const since = timeOf(pending.lastTransitionTime);
  const started = timeOf(pod.status?.startTime ?? pod.metadata?.creationTimestamp);
  if (!Number.isFinite(since) || !Number.isFinite(started)) return false;
  return started < since && now - since >= ONLINE_RESIZE_GRACE_MS;
}
