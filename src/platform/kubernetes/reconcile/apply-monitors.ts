/**
 * The ServiceMonitor and PrometheusRule, applied apart from the ensemble's other objects. Without
 * the Prometheus Operator's CRDs the API server does not serve them: then they are skipped, the
 * ensemble is reconciled as usual, and the status's `Monitoring` condition says what is missing
 * (with one Warning Event when it starts to), instead of the reconcile failing. The next reconcile
 * tries again, so installing the Prometheus Operator is enough.
 */
import type { KubernetesObject } from '@kubernetes/client-node';
import type { KubeApi } from '../client/kube-api.ts';
import { MONITORING_API_VERSION } from '../render/monitoring-types.ts';
import { applyChanged, KIND_NOT_SERVED, type LiveReader } from './apply-changes.ts';
import type { LiveZooKeeper, ReconcileContext } from './context.ts';
import { ReconcileProblem } from './problem.ts';

export const MONITORING_CONDITION = 'Monitoring';
export const MONITORS_NOT_SERVED = 'PrometheusOperatorNotInstalled';

/** What became of the monitors the spec asks for; undefined when it asks for none. */
export interface MonitorsOutcome {
  readonly kinds: readonly string[];
  /** Why they were skipped: their API is not served. */
  readonly notServed?: string;
}

export const isMonitor = (object: KubernetesObject): boolean => object.apiVersion === MONITORING_API_VERSION;

export async function applyMonitors(
  api: KubeApi,
  read: LiveReader,
  monitors: readonly KubernetesObject[],
): Promise<{ readonly outcome?: MonitorsOutcome; readonly applied: readonly KubernetesObject[] }> {
  if (monitors.length === 0) return { applied: [] };
  const kinds = monitors.map((m) => m.kind ?? '');
  try {
    return { outcome: { kinds }, applied: await applyChanged(api, read, monitors) };
  } catch (err) {
    if (!(err instanceof ReconcileProblem && err.reason === KIND_NOT_SERVED)) throw err;
    const notServed =
      `${kinds.join(' and ')} skipped: the API server does not serve ${MONITORING_API_VERSION}; ` +
      'install the Prometheus Operator (its CRDs), or set spec.monitoring.serviceMonitor and prometheusRule to false';
    return { outcome: { kinds, notServed }, applied: [] };
  }
}

/** A Warning Event when the monitors start being skipped, not on every reconcile after. */
export async function warnOfSkippedMonitors(
  ctx: Pick<ReconcileContext, 'events'>,
  zk: LiveZooKeeper,
  outcome: MonitorsOutcome | undefined,
): Promise<void> {
  if (!outcome?.notServed) return;
  const before = zk.status?.conditions?.find((c) => c.type === MONITORING_CONDITION);
  if (before?.status === 'False' && before.message === outcome.notServed) return;
  await ctx.events.record(zk, {
    type: 'Warning',
    reason: MONITORS_NOT_SERVED,
    action: 'Reconcile',
    note: outcome.notServed,
  });
}
