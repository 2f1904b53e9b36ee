/** Writes a ZooKeeper object's status (compute-status.ts builds it), and only when it changed. */
import { isDeepStrictEqual } from 'node:util';
import type { KubernetesObject } from '@kubernetes/client-node';
import { API_VERSION, KIND, type ZooKeeperStatus } from '../../../api/spec.ts';
import { ZOOKEEPERS } from '../client/resources.ts';
import type { LiveZooKeeper, ReconcileContext } from './context.ts';

/** The time conditions that change now are stamped with (RFC 3339, whole seconds). */
export const nowOf = (ctx: Pick<ReconcileContext, 'clock'>): string =>
  new Date(ctx.clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Writes `status` unless the object already has it; what it did. */
export async function writeStatus(
  ctx: Pick<ReconcileContext, 'api'>,
  zk: LiveZooKeeper,
  status: ZooKeeperStatus,
): Promise<readonly string[]> {
  if (isDeepStrictEqual(zk.status, status)) return [];
  await ctx.api.applyStatus(ZOOKEEPERS, {
    apiVersion: API_VERSION,
    kind: KIND,
    metadata: { name: zk.metadata.name, namespace: zk.metadata.namespace },
    status,
  } as KubernetesObject);
  return ['write status'];
}
