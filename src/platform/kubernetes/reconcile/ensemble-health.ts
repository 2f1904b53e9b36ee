/** What the operator's per-ensemble metrics show of the status a reconcile computed. */
import type { ResolvedSpec } from '../../../api/defaults.ts';
import type { ZooKeeperStatus } from '../../../api/spec.ts';
import type { EnsembleHealth } from '../runtime/metrics.ts';

export function healthOf(spec: ResolvedSpec, status: ZooKeeperStatus): EnsembleHealth {
  const desired = spec.replicas + spec.observers;
  const started = status.operation?.startedAt;
  return {
    membersServing: (status.members ?? []).filter((m) => m.id <= desired && m.state === 'serving').length,
    membersDesired: desired,
    quorum: status.conditions?.some((c) => c.type === 'Available' && c.status === 'True') ?? false,
    ...(started ? { operationStartedMs: Date.parse(started) } : {}),
    certificates: (status.tls?.certificates ?? []).map((c) => ({
      certificate: c.certificate,
      notAfterMs: Date.parse(c.notAfter),
      ...(c.renewsAt ? { renewsAtMs: Date.parse(c.renewsAt) } : {}),
    })),
  };
}
