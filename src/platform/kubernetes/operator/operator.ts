/**
 * The `zkop operator` process: a health and metrics server, leader election (optional), and the
 * controller while this replica leads. Ends when `signal` aborts: the controller finishes the
 * reconciles under way, the Lease is released, the server closes.
 */
import type { Logger } from 'pino';
import type { KubeApi } from '../client/kube-api.ts';
import type { EnsembleAccess } from '../reconcile/ensemble-access.ts';
import type { Clock } from '../runtime/clock.ts';
import { ApiEventRecorder } from '../runtime/events.ts';
import { type HealthServer, startHealthServer } from '../runtime/health-server.ts';
import { LeaderElector } from '../runtime/leader-election.ts';
import { OperatorMetrics } from '../runtime/metrics.ts';
import { Controller } from './controller.ts';

export interface OperatorConfig {
  /** Empty: every namespace. */
  readonly namespaces: readonly string[];
  readonly leaderElection: boolean;
  readonly leaseNamespace: string;
  readonly leaseName: string;
  /** This replica's name in the Lease and in Events. */
  readonly identity: string;
  /** `host:port` of /healthz, /readyz and /metrics. */
  readonly metricsAddress: string;
  readonly workers?: number;
  readonly resyncMs?: number;
  readonly clusterDomain?: string;
  /** Namespace the operator runs in, for NetworkPolicies that let it reach the members. */
  readonly operatorNamespace?: string;
  /** The image this operator runs, which places a backup in new members (spec.bootstrap). */
  readonly operatorImage?: string;
}

export interface OperatorDeps {
  readonly api: KubeApi;
  readonly ensemble: EnsembleAccess;
  readonly clock: Clock;
  readonly random: () => number;
  readonly log: Logger;
}

export interface RunningOperator {
  readonly metrics: OperatorMetrics;
  readonly health: HealthServer;
  /** Resolves when the operator stopped. */
  readonly done: Promise<void>;
}

export async function startOperator(
  deps: OperatorDeps,
  config: OperatorConfig,
  signal: AbortSignal,
): Promise<RunningOperator> {
  const { api, clock, random, log } = deps;
  const metrics = new OperatorMetrics();
  let controller: Controller | undefined;
  let leading = false;
  const health = await startHealthServer(
    config.metricsAddress,
    // A standby is ready: it waits for the Lease, which is its job.
    { healthy: () => true, ready: () => !leading || controller?.synced === true },
    metrics.registry,
  );
  log.info(
    { address: `${health.address.address}:${health.address.port}`, namespaces: config.namespaces },
    'zkop operator started',
  );
  const events = new ApiEventRecorder(api, clock, config.identity, (err) =>
    log.warn({ err: (err as Error).message }, 'could not record an event'),
  );
  const newController = () =>
    new Controller({
      api,
      ensemble: deps.ensemble,
      events,
      clock,
      random,
      metrics,
      log,
      namespaces: config.namespaces,
      ...(config.workers !== undefined ? { workers: config.workers } : {}),
      ...(config.resyncMs !== undefined ? { resyncMs: config.resyncMs } : {}),
      render: {
        ...(config.clusterDomain ? { clusterDomain: config.clusterDomain } : {}),
        ...(config.operatorNamespace ? { operatorNamespace: config.operatorNamespace } : {}),
      },
      ...(config.operatorImage ? { operatorImage: config.operatorImage } : {}),
    });

  /** Runs a controller until `until` aborts. */
  const lead = async (until: AbortSignal): Promise<void> => {
    leading = true;
    metrics.leader.set(1);
    const current = newController();
    controller = current;
    metrics.backupTimesFrom(() => current.lastBackupTimes());
    try {
      await Promise.race([
        current.start(),
        new Promise((resolve) => until.addEventListener('abort', resolve, { once: true })),
      ]);
      if (!until.aborted) log.info('caches synced; reconciling');
      await new Promise((resolve) =>
        until.aborted ? resolve(undefined) : until.addEventListener('abort', resolve, { once: true }),
      );
    } finally {
      await current.stop();
      controller = undefined;
      leading = false;
      metrics.leader.set(0);
      metrics.forgetAll();
    }
  };

  const run = async (): Promise<void> => {
    if (!config.leaderElection) {
      await lead(signal);
      return;
    }
    const elector = new LeaderElector({
      api,
      namespace: config.leaseNamespace,
      name: config.leaseName,
      identity: config.identity,
      clock,
      onError: (err) => log.warn({ err: (err as Error).message }, 'lease update failed'),
    });
    while (!signal.aborted) {
      log.info(
        { lease: `${config.leaseNamespace}/${config.leaseName}`, identity: config.identity },
        'waiting to lead',
      );
      await elector.run(signal, {
        onStartedLeading: (until) => {
          log.info({ identity: config.identity }, 'leading');
          return lead(until);
        },
        onStoppedLeading: () => log.info({ identity: config.identity }, 'stopped leading'),
      });
    }
  };

  const done = run()
    .catch((err: unknown) => log.error({ err: (err as Error).message }, 'operator failed'))
    .finally(async () => {
      await health.close();
      log.info('zkop operator stopped');
    });
  return { metrics, health, done };
}
