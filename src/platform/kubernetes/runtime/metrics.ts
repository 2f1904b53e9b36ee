/**
 * The operator's Prometheus metrics, in a registry of its own: the process's (reconciles, their
 * duration, the work queue, watches, leadership, and Node's own process metrics) and, labelled
 * `namespace` and `name`, each ensemble's (ready, quorum, members serving, the operation and when it
 * began, failed reconciles, the last successful one, when its certificates expire and are renewed,
 * since when it has gone without a backup).
 * Names follow Prometheus's conventions: base units in the name (`_seconds`, `_timestamp_seconds`),
 * `_total` for counters, `_info` for a gauge that is always 1 and says what it means in its labels
 * (`zkop_build_info{version,revision}`).
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { type BuildInfo, buildInfo } from '../../../build-info.ts';

/** What a reconcile saw of an ensemble, for its gauges. */
export interface EnsembleHealth {
  readonly membersServing: number;
  readonly membersDesired: number;
  /** A quorum of the committed voters serves. */
  readonly quorum: boolean;
  /** When the operation under way began (milliseconds since the epoch); absent while idle. */
  readonly operationStartedMs?: number;
  /** The certificates the ensemble uses (none without TLS). */
  readonly certificates: readonly CertificateTimes[];
}

/** When one of an ensemble's certificates expires and, if zkop renews it, when it does. */
export interface CertificateTimes {
  /** members, client or ca. */
  readonly certificate: string;
  readonly notAfterMs: number;
  readonly renewsAtMs?: number;
}

const ENSEMBLE_LABELS = ['namespace', 'name'] as const;

const ensembleGauge = (registry: Registry, name: string, help: string) =>
  new Gauge({ name, help, labelNames: ENSEMBLE_LABELS, registers: [registry] });

const certificateGauge = (registry: Registry, name: string, help: string) =>
  new Gauge({ name, help, labelNames: [...ENSEMBLE_LABELS, 'certificate'] as const, registers: [registry] });

export class OperatorMetrics {
  readonly registry = new Registry();
  readonly #operations = new Map<string, string>();
  /** The certificate label values each ensemble has series for. */
  readonly #certificates = new Map<string, readonly string[]>();
  readonly reconciles = new Counter({
    name: 'zkop_reconciles_total',
    help: 'Reconciles of ZooKeeper objects, by result (success, error).',
    labelNames: ['result'] as const,
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
  readonly ensembleReady = ensembleGauge(
    this.registry,
    'zkop_ensemble_ready',
    '1 when every wanted member of the ensemble serves and nothing is in progress.',
  );
  readonly ensembleQuorum = ensembleGauge(
    this.registry,
    'zkop_ensemble_quorum_available',
    '1 while a quorum of the committed voting members serves.',
  );
  readonly membersServing = ensembleGauge(
    this.registry,
    'zkop_ensemble_members_serving',
    'Members that serve and are in sync with the leader.',
  );
  readonly membersDesired = ensembleGauge(
    this.registry,
    'zkop_ensemble_members_desired',
    'Members the spec asks for: voters and observers.',
  );
  readonly ensembleOperation = new Gauge({
    name: 'zkop_ensemble_operation',
    help: '1 for the operation the ensemble is in (Idle, Create, Scale, Restart, Upgrade, Heal, ...).',
    labelNames: [...ENSEMBLE_LABELS, 'operation'] as const,
    registers: [this.registry],
  });
  readonly operationStart = new Gauge({
    name: 'zkop_ensemble_operation_start_time_seconds',
    help: 'When the operation under way began, in seconds since the epoch; none while idle.',
    labelNames: [...ENSEMBLE_LABELS, 'operation'] as const,
    registers: [this.registry],
  });
  readonly ensembleReconcileErrors = new Counter({
    name: 'zkop_ensemble_reconcile_errors_total',
    help: 'Reconciles of the ensemble that failed and were retried after a backoff.',
    labelNames: ENSEMBLE_LABELS,
    registers: [this.registry],
  });
  readonly certificateExpiry = certificateGauge(
    this.registry,
    'zkop_ensemble_certificate_expiration_timestamp_seconds',
    'When a certificate of the ensemble (members, client, ca) expires, in seconds since the epoch.',
  );
  readonly certificateRenewal = certificateGauge(
    this.registry,
    'zkop_ensemble_certificate_renewal_timestamp_seconds',
    'When zkop renews a certificate of the ensemble, in seconds since the epoch; none where zkop does not renew it.',
  );
  readonly lastSuccess = ensembleGauge(
    this.registry,
    'zkop_ensemble_last_successful_reconcile_timestamp_seconds',
    'When a reconcile of the ensemble last succeeded, in seconds since the epoch.',
  );

  /** Since when each ensemble has gone without a backup (backups/backup-age.ts), while leading. */
  #backupTimes: (() => ReadonlyMap<string, number>) | undefined;
  readonly lastBackup: Gauge<(typeof ENSEMBLE_LABELS)[number]> = new Gauge({
    name: 'zkop_ensemble_last_backup_timestamp_seconds',
    help: "When the ensemble's newest backup completed, in seconds since the epoch; while a schedule backs it up and none has completed, when the oldest schedule was created. None for an ensemble nothing backs up.",
    labelNames: ENSEMBLE_LABELS,
    registers: [this.registry],
    collect: () => {
      this.lastBackup.reset();
      for (const [key, ms] of this.#backupTimes?.() ?? []) this.lastBackup.set(labelsOf(key), ms / 1000);
    },
  });

  constructor(build: BuildInfo = buildInfo()) {
    new Gauge({
      name: 'zkop_build_info',
      help: 'Always 1; labelled with the zkop version and the git revision it was built from.',
      labelNames: ['version', 'revision'] as const,
      registers: [this.registry],
    }).set({ version: build.version, revision: build.revision }, 1);
    // process_cpu_seconds_total, process_resident_memory_bytes, nodejs_eventloop_lag_seconds, ...
    collectDefaultMetrics({ register: this.registry });
  }

  /** Records the outcome of a reconcile for the ensemble's gauges. */
  ensemble(key: string, operation: string, ready: boolean, health?: EnsembleHealth): void {
    const labels = labelsOf(key);
    this.ensembleReady.set(labels, ready ? 1 : 0);
    const before = this.#operations.get(key);
    if (before !== undefined && before !== operation) {
      this.ensembleOperation.remove({ ...labels, operation: before });
      this.operationStart.remove({ ...labels, operation: before });
    }
    this.#operations.set(key, operation);
    this.ensembleOperation.set({ ...labels, operation }, 1);
    if (!health) return;
    this.ensembleQuorum.set(labels, health.quorum ? 1 : 0);
    this.membersServing.set(labels, health.membersServing);
    this.membersDesired.set(labels, health.membersDesired);
    if (health.operationStartedMs === undefined) this.operationStart.remove({ ...labels, operation });
    else this.operationStart.set({ ...labels, operation }, health.operationStartedMs / 1000);
    this.#forgetCertificates(key);
    for (const { certificate, notAfterMs, renewsAtMs } of health.certificates) {
      this.certificateExpiry.set({ ...labels, certificate }, notAfterMs / 1000);
      if (renewsAtMs !== undefined)
        this.certificateRenewal.set({ ...labels, certificate }, renewsAtMs / 1000);
    }
    this.#certificates.set(
      key,
      health.certificates.map((c) => c.certificate),
    );
  }

  #forgetCertificates(key: string): void {
    const labels = labelsOf(key);
    for (const certificate of this.#certificates.get(key) ?? []) {
      this.certificateExpiry.remove({ ...labels, certificate });
      this.certificateRenewal.remove({ ...labels, certificate });
    }
    this.#certificates.delete(key);
  }

  /** A reconcile of the ensemble succeeded at `nowMs`. */
  succeeded(key: string, nowMs: number): void {
    this.lastSuccess.set(labelsOf(key), nowMs / 1000);
  }

  /** A reconcile of the ensemble failed. */
  failed(key: string): void {
    this.ensembleReconcileErrors.inc(labelsOf(key));
  }

  /** Forgets an ensemble that was deleted. */
  forget(key: string): void {
    const labels = labelsOf(key);
    for (const metric of this.#byEnsemble()) metric.remove(labels);
    const operation = this.#operations.get(key);
    if (operation !== undefined) {
      this.ensembleOperation.remove({ ...labels, operation });
      this.operationStart.remove({ ...labels, operation });
    }
    this.#operations.delete(key);
    this.#forgetCertificates(key);
  }

  /** Reads the ensembles' backup times from `source` at each scrape. */
  backupTimesFrom(source: () => ReadonlyMap<string, number>): void {
    this.#backupTimes = source;
  }

  /** Forgets every ensemble: a replica that stops leading reports none (the one leading does). */
  forgetAll(): void {
    this.#backupTimes = undefined;
    const labelled = [
      this.ensembleOperation,
      this.operationStart,
      this.certificateExpiry,
      this.certificateRenewal,
    ];
    for (const metric of [...this.#byEnsemble(), ...labelled]) metric.reset();
    this.#operations.clear();
    this.#certificates.clear();
  }

  #byEnsemble() {
    return [
      this.ensembleReady,
      this.ensembleQuorum,
      this.membersServing,
      this.membersDesired,
      this.lastSuccess,
      this.ensembleReconcileErrors,
    ];
  }
}

function labelsOf(key: string): { namespace: string; name: string } {
  const [namespace = '', name = ''] = key.split('/');
  return { namespace, name };
}
