/**
 * Writes a ZooKeeper object's status (compute-status.ts builds it) with the version of the operator
 * writing it (`operatorVersion`), and only when it changed: an unchanged ensemble reconciled by the
 * same operator version writes nothing.
 */
import { isDeepStrictEqual } from 'node:util';
import type { KubernetesObject } from '@kubernetes/client-node';
import { API_VERSION, KIND, type ZooKeeperStatus } from '../../../api/spec.ts';
import { ZKOP_VERSION } from '../../../build-info.ts';
import { ZOOKEEPERS } from '../client/resources.ts';
import type { LiveZooKeeper, ReconcileContext } from './context.ts';

/** The time conditions that change now are stamped with (RFC 3339, whole seconds). */
export const nowOf = (ctx: Pick<ReconcileContext, 'clock'>): string =>
  new Date(ctx.clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Writes `status`, stamped with the operator's version, unless the object already has it; what it did. */
export async function writeStatus(
  ctx: Pick<ReconcileContext, 'api' | 'operatorVersion'>,
  zk: LiveZooKeeper,
  computed: ZooKeeperStatus,
): Promise<readonly string[]> {
  const status: ZooKeeperStatus = { ...computed, operatorVersion: ctx.operatorVersion ?? ZKOP_VERSION };
  if (isDeepStrictEqual(zk.status, status)) return [];
  await ctx.api.applyStatus(ZOOKEEPERS, {
    apiVersion: API_VERSION,
    kind: KIND,
    metadata: { name: zk.metadata.name, namespace: zk.metadata.namespace },
    status,
  } as KubernetesObject);
  return ['write status'];
}
