/**
 * The controller proper: watch loops fill the caches, every change queues the ZooKeeper it concerns
 * (owned objects by owner reference or instance label, a ZooKeeperTenant by its ensemble), and workers
 * reconcile one ZooKeeper at a time. ZooKeeperBackups have a queue and a worker of their own: a backup
 * streams for as long as it takes and must not hold up the ensembles' reconciles; so do
 * ZooKeeperBackupSchedules, which a change of a backup they own queues too.
 */
import type {
  KubernetesObject,
  V1EndpointSlice,
  V1PersistentVolumeClaim,
  V1Pod,
  V1Secret,
  V1Service,
} from '@kubernetes/client-node';
import type { Logger } from 'pino';
import { lastBackupTimes } from '../backups/backup-age.ts';
import type { LiveBackup, LiveSchedule } from '../backups/live-backup.ts';
import { reconcileSchedule } from '../backups/schedule-reconcile.ts';
import { type BackupContext, reconcileBackup } from '../backups/take-backup.ts';
import { type KubeApi, keyOf } from '../client/kube-api.ts';
import {
  BACKUP_SCHEDULES,
  BACKUPS,
  CONFIGMAPS,
  ENDPOINT_SLICES,
  NETWORK_POLICIES,
  PDBS,
  PODS,
  PVCS,
  type ResourceType,
  SECRETS,
  SERVICE_ACCOUNTS,
  SERVICES,
  STATEFULSETS,
  TENANTS,
  ZOOKEEPERS,
} from '../client/resources.ts';
import type { LiveReader } from '../reconcile/apply-changes.ts';
import type { LiveZooKeeper, ReconcileContext } from '../reconcile/context.ts';
import type { EnsembleAccess } from '../reconcile/ensemble-access.ts';
import { routeMembers, routePatch } from '../reconcile/member-routes.ts';
import { zooKeeperKeyOf } from '../reconcile/owner-key.ts';
import { reconcile } from '../reconcile/reconcile.ts';
import { OWNED_SELECTOR, type RenderOptions } from '../render/index.ts';
import { COMPONENT_LABEL } from '../render/metadata.ts';
import { abortable } from '../runtime/abortable.ts';
import type { Clock } from '../runtime/clock.ts';
import type { EventRecorder } from '../runtime/events.ts';
import type { OperatorMetrics } from '../runtime/metrics.ts';
import { NamespacedCaches } from '../runtime/object-cache.ts';
import { type ChangeType, WatchLoop } from '../runtime/watch-loop.ts';
import { WorkQueue } from '../runtime/work-queue.ts';
import type { LiveTenant } from '../tenants/live-tenant.ts';

export interface ControllerOptions {
  readonly api: KubeApi;
  readonly ensemble: EnsembleAccess;
  readonly events: EventRecorder;
  readonly clock: Clock;
  readonly random: () => number;
  readonly metrics: OperatorMetrics;
  readonly log: Logger;
  /** Empty: every namespace. */
  readonly namespaces: readonly string[];
  readonly workers?: number;
  readonly resyncMs?: number;
  readonly render?: Pick<RenderOptions, 'clusterDomain' | 'operatorNamespace' | 'networkPolicy'>;
  /** The image this operator runs (ReconcileContext.operatorImage). */
  readonly operatorImage?: string;
}

/** The headless Services' slices: zkop's, and any the EndpointSlice controller copied the labels to. */
const PEERS_SELECTOR = `${OWNED_SELECTOR},${COMPONENT_LABEL}=peers`;
/**
 * Rendered kinds whose live objects the reconcile reads from the watch caches, not the API server:
 * every kind it renders but the monitoring ones, whose API may not be served (they are off by default).
 * Secrets too: only zkop's own are watched, and only those are read this way (a user's Secret is
 * read from the API server where it is named: super user, certificates, tenants' passwords).
 */
const CACHED_READS: ReadonlySet<ResourceType> = new Set([
  STATEFULSETS,
  CONFIGMAPS,
  SERVICES,
  SECRETS,
  ENDPOINT_SLICES,
  SERVICE_ACCOUNTS,
  PDBS,
  NETWORK_POLICIES,
]);

export class Controller {
  readonly queue: WorkQueue;
  readonly backupQueue: WorkQueue;
  readonly scheduleQueue: WorkQueue;
  /** Backups this controller started (backups/take-backup.ts). */
  readonly #startedBackups = new Set<string>();
  readonly #options: ControllerOptions;
  readonly #loops: WatchLoop<KubernetesObject>[] = [];
  readonly #zookeepers: NamespacedCaches<LiveZooKeeper>;
  readonly #caches = new Map<ResourceType, NamespacedCaches<KubernetesObject>>();

  constructor(options: ControllerOptions) {
    this.#options = options;
    const { namespaces, clock, random, metrics, log } = options;
    const queue = (what: string) =>
      new WorkQueue({
        clock,
        random,
        onError: (key, err, attempt, delayMs) =>
          log.warn({ key, attempt, retryInMs: delayMs, err: (err as Error).message }, `${what} failed`),
      });
    this.queue = queue('reconcile');
    this.backupQueue = queue('backup reconcile');
    this.scheduleQueue = queue('schedule reconcile');
    this.#zookeepers = new NamespacedCaches<LiveZooKeeper>(namespaces);
    const watched: [ResourceType, string | undefined][] = [
      [ZOOKEEPERS, undefined],
      [STATEFULSETS, OWNED_SELECTOR],
      [PODS, OWNED_SELECTOR],
      [PVCS, OWNED_SELECTOR],
      [CONFIGMAPS, OWNED_SELECTOR],
      [SERVICES, OWNED_SELECTOR],
      [ENDPOINT_SLICES, PEERS_SELECTOR],
      [SERVICE_ACCOUNTS, OWNED_SELECTOR],
      [PDBS, OWNED_SELECTOR],
      [NETWORK_POLICIES, OWNED_SELECTOR],
      [SECRETS, OWNED_SELECTOR],
      [TENANTS, undefined],
      [BACKUPS, undefined],
      [BACKUP_SCHEDULES, undefined],
    ];
    for (const [type, labelSelector] of watched) {
      const caches =
        type === ZOOKEEPERS
          ? (this.#zookeepers as unknown as NamespacedCaches<KubernetesObject>)
          : new NamespacedCaches<KubernetesObject>(namespaces);
      this.#caches.set(type, caches);
      for (const namespace of namespaces.length > 0 ? namespaces : [undefined]) {
        this.#loops.push(
          new WatchLoop<KubernetesObject>({
            api: options.api,
            type,
            namespace,
            labelSelector,
            cache: caches.cacheOf(namespace),
            clock,
            random,
            resyncMs: type === ZOOKEEPERS ? (options.resyncMs ?? 5 * 60_000) : 0,
            onChange: (change, object) => this.#changed(type, change, object),
            onError: (err, attempt, delayMs) => {
              metrics.watchErrors.inc({ resource: type.plural });
              log.warn(
                {
                  resource: type.plural,
                  namespace,
                  attempt,
                  retryInMs: delayMs,
                  err: (err as Error).message,
                },
                'watch failed',
              );
            },
          }),
        );
      }
    }
  }

  get synced(): boolean {
    return this.#loops.every((l) => l.synced);
  }

  /** Since when each ensemble has gone without a backup, from the watch caches. */
  lastBackupTimes(): Map<string, number> {
    const list = (type: ResourceType) => this.#caches.get(type)?.list() ?? [];
    return lastBackupTimes(
      list(BACKUPS) as unknown as LiveBackup[],
      list(BACKUP_SCHEDULES) as unknown as LiveSchedule[],
    );
  }

  /** Starts watching, and reconciling once every cache is filled. */
  async start(): Promise<void> {
    for (const loop of this.#loops) loop.start();
    await Promise.all(this.#loops.map((l) => l.waitForSync()));
    this.queue.run((key, signal) => this.#reconcile(key, signal), this.#options.workers ?? 2);
    this.backupQueue.run((key, signal) => this.#reconcileBackup(key, signal), 1);
    this.scheduleQueue.run((key, signal) => this.#reconcileSchedule(key, signal), 1);
  }

  /** Stops watching and ends the reconciles under way: they make no call after it (abortable.ts). */
  async stop(): Promise<void> {
    await Promise.all([
      this.queue.shutdown(),
      this.backupQueue.shutdown(),
      this.scheduleQueue.shutdown(),
      ...this.#loops.map((l) => l.stop()),
    ]);
  }

  #changed(type: ResourceType, change: ChangeType, object: KubernetesObject): void {
    if (type === BACKUPS) {
      if (change !== 'deleted') this.backupQueue.add(keyOf(object));
      const schedule = scheduleKeyOf(object);
      if (schedule) this.scheduleQueue.add(schedule);
      return;
    }
    if (type === BACKUP_SCHEDULES) {
      if (change !== 'deleted') this.scheduleQueue.add(keyOf(object));
      return;
    }
    const key =
      type === ZOOKEEPERS
        ? keyOf(object)
        : type === TENANTS
          ? ensembleKeyOf(object as LiveTenant)
          : zooKeeperKeyOf(object);
    if (key === undefined) return;
    if (type === ZOOKEEPERS && change === 'deleted') this.#options.metrics.forget(key);
    // Not through the queue, which may hold the key for a reconcile under way: the pod's preStop
    // pause is all the time there is (member-routes.ts).
    if (type === PODS && change !== 'deleted' && routePatch(object as V1Pod)) this.#route(object as V1Pod);
    this.queue.add(key);
    this.#options.metrics.queueDepth.set(this.queue.depth);
  }

  #route(pod: V1Pod): void {
    const { api, log } = this.#options;
    routeMembers(api, [pod]).then(
      (actions) => log.info({ pod: pod.metadata?.name, actions }, 'routed'),
      (err: Error) => log.warn({ pod: pod.metadata?.name, err: err.message }, 'route failed'),
    );
  }

  #context(signal: AbortSignal): ReconcileContext {
    const api = abortable(this.#options.api, signal);
    const cached = (type: ResourceType) => this.#caches.get(type);
    const read: LiveReader = async (type, ref) => {
      const cache = CACHED_READS.has(type) ? cached(type) : undefined;
      return cache ? cache.get(`${ref.namespace}/${ref.name}`) : api.get(type, ref);
    };
    return {
      api,
      zookeepers: this.#zookeepers,
      pods: cached(PODS) as unknown as NamespacedCaches<V1Pod>,
      claims: cached(PVCS) as unknown as NamespacedCaches<V1PersistentVolumeClaim>,
      services: cached(SERVICES) as unknown as NamespacedCaches<V1Service>,
      endpointSlices: cached(ENDPOINT_SLICES) as unknown as NamespacedCaches<V1EndpointSlice>,
      ownSecrets: cached(SECRETS) as unknown as NamespacedCaches<V1Secret>,
      tenants: cached(TENANTS) as unknown as NamespacedCaches<LiveTenant>,
      read,
      ensemble: abortable(this.#options.ensemble, signal),
      events: this.#options.events,
      clock: this.#options.clock,
      ...(this.#options.render ? { render: this.#options.render } : {}),
      ...(this.#options.operatorImage ? { operatorImage: this.#options.operatorImage } : {}),
    };
  }

  async #reconcileBackup(key: string, signal: AbortSignal): Promise<{ requeueAfterMs?: number }> {
    const cached = (type: ResourceType) => this.#caches.get(type);
    const context: BackupContext = {
      ...this.#context(signal),
      backups: cached(BACKUPS) as unknown as NamespacedCaches<LiveBackup>,
      started: this.#startedBackups,
    };
    const outcome = await reconcileBackup(context, key);
    if (outcome.actions.length > 0) this.#options.log.info({ key, actions: outcome.actions }, 'backup');
    return outcome.requeueAfterMs !== undefined ? { requeueAfterMs: outcome.requeueAfterMs } : {};
  }

  async #reconcileSchedule(key: string, signal: AbortSignal): Promise<{ requeueAfterMs?: number }> {
    const cached = (type: ResourceType) => this.#caches.get(type);
    const outcome = await reconcileSchedule(
      {
        ...this.#context(signal),
        backups: cached(BACKUPS) as unknown as NamespacedCaches<LiveBackup>,
        schedules: cached(BACKUP_SCHEDULES) as unknown as NamespacedCaches<LiveSchedule>,
      },
      key,
    );
    if (outcome.actions.length > 0)
      this.#options.log.info({ key, actions: outcome.actions }, 'backup schedule');
    return outcome.requeueAfterMs !== undefined ? { requeueAfterMs: outcome.requeueAfterMs } : {};
  }

  async #reconcile(key: string, signal: AbortSignal): Promise<{ requeueAfterMs?: number }> {
    const { metrics, log } = this.#options;
    const end = metrics.reconcileDuration.startTimer();
    try {
      const result = await reconcile(this.#context(signal), key);
      metrics.reconciles.inc({ result: 'success' });
      metrics.writes.inc(result.actions.length);
      if (result.operation === 'Gone') metrics.forget(key);
      else {
        metrics.ensemble(key, result.operation, result.ready, result.health);
        metrics.succeeded(key, this.#options.clock.now());
      }
      if (result.actions.length > 0)
        log.info({ key, operation: result.operation, actions: result.actions }, 'reconciled');
      return result.requeueAfterMs !== undefined ? { requeueAfterMs: result.requeueAfterMs } : {};
    } catch (err) {
      if (signal.aborted) return {};
      metrics.reconciles.inc({ result: 'error' });
      metrics.failed(key);
      throw err;
    } finally {
      end();
      metrics.queueDepth.set(this.queue.depth);
      metrics.queueDelayed.set(this.queue.delayed);
    }
  }
}

/** A tenant's change concerns its ensemble, which carries its tenants out. */
const ensembleKeyOf = (tenant: LiveTenant): string | undefined =>
  tenant.metadata?.namespace && tenant.spec?.ensemble
    ? `${tenant.metadata.namespace}/${tenant.spec.ensemble}`
    : undefined;

/** The schedule that made a backup, which retires backups once they end. */
function scheduleKeyOf(backup: KubernetesObject): string | undefined {
  const owner = backup.metadata?.ownerReferences?.find((o) => o.kind === 'ZooKeeperBackupSchedule');
  return owner && backup.metadata?.namespace ? `${backup.metadata.namespace}/${owner.name}` : undefined;
}
