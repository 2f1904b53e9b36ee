/**
 * The `zkop operator` process (health and metrics server, leader election on the Lease
 * zkop-system/zkop-leader, the controller) over the in-memory API server, watching namespace `demo`.
 */
import { pino } from 'pino';
import { type RunningOperator, startOperator } from '../operator/operator.ts';
import type { EnsembleAccess } from '../reconcile/ensemble-access.ts';
import { systemClock } from '../runtime/clock.ts';
import type { FakeKubeApi } from './fake-api.ts';

export const LEASE = { namespace: 'zkop-system', name: 'zkop-leader' };

export function startOperatorOverFakeApi(
  server: FakeKubeApi,
  ensemble: EnsembleAccess,
  signal: AbortSignal,
): Promise<RunningOperator> {
  return startOperator(
    {
      api: server.client(),
      ensemble,
      clock: systemClock,
      random: Math.random,
      log: pino({ level: 'silent' }),
    },
    {
      namespaces: ['demo'],
      leaderElection: true,
      leaseNamespace: LEASE.namespace,
      leaseName: LEASE.name,
      identity: 'replica-a',
      metricsAddress: '127.0.0.1:0',
    },
    signal,
  );
}
