/** The operator's Prometheus metrics, in a registry of its own. */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

export class OperatorMetrics {
  readonly registry = new Registry();
  readonly #operations = new Map<string, Set<string>>();
  readonly reconciles = new Counter({
    name: 'zkop_reconciles_total',
    help: 'Reconciles of ZooKeeper objects, by result (success, error).',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });
  readonly reconcileErrors = new Counter({
    name: 'zkop_reconcile_errors_total',
    help: 'Reconciles that failed and were retried after a backoff.',
    registers: [this.registry],
  });
  readonly reconcileDuration = new Histogram({
    name: 'zkop_reconcile_duration_seconds',
    help: 'How long one reconcile took.',
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  readonly writes = new Counter({
    name: 'zkop_reconcile_actions_total',
    help: 'Writes and steps reconciles made (applies, status writes, pod deletions, reconfigs).',
    registers: [this.registry],
  });
  readonly queueDepth = new Gauge({
    name: 'zkop_workqueue_depth',
    help: 'ZooKeeper objects waiting to be reconciled now.',
    registers: [this.registry],
  });
  readonly queueDelayed = new Gauge({
    name: 'zkop_workqueue_delayed',
    help: 'ZooKeeper objects waiting for a requeue delay or a retry backoff.',
    registers: [this.registry],
  });
  readonly watchErrors = new Counter({
    name: 'zkop_watch_errors_total',
    help: 'Failed lists and watches, by resource; each is retried after a backoff.',
    labelNames: ['resource'] as const,
    registers: [this.registry],
  });
  readonly leader = new Gauge({
    name: 'zkop_leader',
    help: '1 while this replica is the active operator.',
    registers: [this.registry],
  });
  readonly ensembleReady = new Gauge({
    name: 'zkop_ensemble_ready',
    help: '1 when every wanted member of the ensemble serves and nothing is in progress.',
    labelNames: ['namespace', 'name'] as const,
    registers: [this.registry],
  });
  readonly ensembleOperation = new Gauge({
    name: 'zkop_ensemble_operation',
    help: '1 for the operation the ensemble is in (Idle, Create, Scale, Restart, Upgrade, Heal, ...).',
    labelNames: ['namespace', 'name', 'operation'] as const,
    registers: [this.registry],
  });

  /** Records the outcome of a reconcile for the ensemble's health metrics. */
  ensemble(key: string, operation: string, ready: boolean): void {
    const [namespace = '', name = ''] = key.split('/');
    this.ensembleReady.set({ namespace, name }, ready ? 1 : 0);
    for (const op of this.#operations.get(key) ?? []) {
      if (op !== operation) this.ensembleOperation.remove({ namespace, name, operation: op });
    }
    this.#operations.set(key, new Set([operation]));
    this.ensembleOperation.set({ namespace, name, operation }, 1);
  }

  /** Forgets an ensemble that was deleted. */
  forget(key: string): void {
    const [namespace = '', name = ''] = key.split('/');
    this.ensembleReady.remove({ namespace, name });
    for (const op of this.#operations.get(key) ?? [])
      this.ensembleOperation.remove({ namespace, name, operation: op });
    this.#operations.delete(key);
  }
}
