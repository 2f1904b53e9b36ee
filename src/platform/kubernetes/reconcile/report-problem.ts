/**
 * Showing a problem the user can fix: Degraded in the status, and a Warning Event when the Degraded
 * condition takes a new reason or message, not on every retry: the API server keeps each Event as
 * its own object, so a retried problem would otherwise flood it.
 */
import { refusedStatus } from './compute-status.ts';
import type { LiveZooKeeper, ReconcileContext } from './context.ts';
import { nowOf, writeStatus } from './write-status.ts';

export interface Problem {
  readonly reason: string;
  readonly message: string;
  readonly action?: string;
}

/** The refused status with the problem's reason and message, and a Warning Event the first time; what it did. */
export async function reportProblem(
  ctx: Pick<ReconcileContext, 'api' | 'events' | 'clock' | 'operatorVersion'>,
  zk: LiveZooKeeper,
  problem: Problem,
): Promise<readonly string[]> {
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
