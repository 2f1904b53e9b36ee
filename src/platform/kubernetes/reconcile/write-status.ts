/**
 * Writing what a reconcile found: the status when it changed, and for a problem also a Warning Event.
 * The Event goes out when the Degraded condition takes a new reason or message, not on every retry:
 * the API server keeps each Event as its own object, so a retried problem would otherwise flood it.
 */
import type { KubernetesObject } from '@kubernetes/client-node';
import { API_VERSION, KIND, type ZooKeeperStatus } from '../../../api/spec.ts';
import { ZOOKEEPERS } from '../client/resources.ts';
import type { LiveZooKeeper, ReconcileContext } from './context.ts';
import { refusedStatus, sameStatus } from './status.ts';

export const nowOf = (ctx: Pick<ReconcileContext, 'clock'>): string =>
  new Date(ctx.clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Writes `status` unless the object already has it; true when it wrote. */
export async function writeStatus(
  ctx: Pick<ReconcileContext, 'api'>,
  zk: LiveZooKeeper,
  status: ZooKeeperStatus,
): Promise<boolean> {
  if (sameStatus(zk.status, status)) return false;
  await ctx.api.applyStatus(ZOOKEEPERS, {
    apiVersion: API_VERSION,
    kind: KIND,
    metadata: { name: zk.metadata.name, namespace: zk.metadata.namespace },
    status,
  } as KubernetesObject);
  return true;
}

export interface Problem {
  readonly reason: string;
  readonly message: string;
  readonly action?: string;
}

/** Degraded with the problem's reason and message, and a Warning Event the first time; true when it wrote the status. */
export async function reportProblem(
  ctx: Pick<ReconcileContext, 'api' | 'events' | 'clock'>,
  zk: LiveZooKeeper,
  problem: Problem,
): Promise<boolean> {
  const status = refusedStatus(
    zk.metadata.generation,
    problem.reason,
    problem.message,
    zk.status,
    nowOf(ctx),
  );
  const written = await writeStatus(ctx, zk, status);
  await warnOfProblem(ctx, zk, problem);
  return written;
}

/** A Warning Event for `problem`, unless the status the object had already showed it as Degraded. */
export async function warnOfProblem(
  ctx: Pick<ReconcileContext, 'events'>,
  zk: LiveZooKeeper,
  problem: Problem,
): Promise<void> {
  const { reason, message } = problem;
  const before = zk.status?.conditions?.find((c) => c.type === 'Degraded');
  if (before?.status === 'True' && before.reason === reason && before.message === message) return;
  await ctx.events.record(zk, {
    type: 'Warning',
    reason,
    action: problem.action ?? 'Reconcile',
    note: message,
  });
}
