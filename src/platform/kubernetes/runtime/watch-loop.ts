/**
 * Keeps an ObjectCache of one resource type in step with the API server and reports every change:
 * list, then watch from the list's resourceVersion (with bookmarks), watch again from the last
 * resourceVersion seen when the server ends a watch, list again on 410 Gone and, after a backoff with
 * jitter, on any other error. Every `resyncMs` it reports each cached object again, so a missed or
 * failed reconcile is retried without any API call.
 */
import type { KubernetesObject } from '@kubernetes/client-node';
import { ApiError, isGone, type KubeApi, type WatchEvent } from '../client/kube-api.ts';
import type { ResourceType } from '../client/resources.ts';
import { type BackoffPolicy, backoffDelay } from './backoff.ts';
import type { Clock } from './clock.ts';
import { ObjectCache } from './object-cache.ts';

export type ChangeType = 'added' | 'modified' | 'deleted' | 'resync';

export interface WatchLoopOptions<T extends KubernetesObject> {
  readonly api: KubeApi;
  readonly type: ResourceType;
  /** Undefined: every namespace. */
  readonly namespace?: string;
  readonly labelSelector?: string;
  readonly onChange: (change: ChangeType, object: T) => void;
  readonly clock: Clock;
  readonly random: () => number;
  readonly backoff?: BackoffPolicy;
  /** Server-side watch timeout; each watch asks for it times [1, 2), so watches do not end together. */
  readonly watchTimeoutSeconds?: number;
  /** 0 disables resync. */
  readonly resyncMs?: number;
  readonly onError?: (err: unknown, attempt: number, delayMs: number) => void;
  readonly cache?: ObjectCache<T>;
}

const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 500, maxMs: 30_000 };
/** A watch that ends this soon without an event is followed by a pause of this length. */
const QUICK_END_MS = 1000;

export class WatchLoop<T extends KubernetesObject> {
  readonly cache: ObjectCache<T>;
  readonly #options: WatchLoopOptions<T>;
  readonly #abort = new AbortController();
  #running: Promise<void> | undefined;
  #synced = false;
  #resourceVersion = '';
  #lists = 0;
  #stopWatch: (() => void) | undefined;
  #syncWaiters: (() => void)[] = [];
  #events = 0;

  constructor(options: WatchLoopOptions<T>) {
    this.#options = options;
    this.cache = options.cache ?? new ObjectCache<T>();
  }

  /** True once the first list has filled the cache. */
  get synced(): boolean {
    return this.#synced;
  }

  get resourceVersion(): string {
    return this.#resourceVersion;
  }

  /** How many times the loop listed (the first list and every relist). */
  get lists(): number {
    return this.#lists;
  }

  start(): void {
    if (this.#running) return;
    this.#running = Promise.all([this.#run(), this.#resync()]).then(() => undefined);
  }

  /** Resolves once the cache holds a full list. */
  waitForSync(): Promise<void> {
    if (this.#synced) return Promise.resolve();
    return new Promise((resolve) => this.#syncWaiters.push(resolve));
  }

  async stop(): Promise<void> {
    this.#abort.abort();
    this.#stopWatch?.();
    await this.#running;
  }

  async #run(): Promise<void> {
    let failures = 0;
    const { clock, random } = this.#options;
    while (!this.#abort.signal.aborted) {
      try {
        await this.#list();
        failures = 0;
        while (!this.#abort.signal.aborted) {
          const started = clock.now();
          const events = this.#events;
          const outcome = await this.#watchOnce();
          if (outcome === 'expired') break;
          // A server that ends watches at once must not make this a busy loop.
          if (this.#events === events && clock.now() - started < QUICK_END_MS) {
            await clock.sleep(QUICK_END_MS, this.#abort.signal);
          }
        }
      } catch (err) {
        if (this.#abort.signal.aborted) break;
        failures += 1;
        const delay = backoffDelay(this.#options.backoff ?? DEFAULT_BACKOFF, failures, random);
        this.#options.onError?.(err, failures, delay);
        await clock.sleep(delay, this.#abort.signal);
      }
    }
  }

  async #list(): Promise<void> {
    const { api, type, namespace, labelSelector } = this.#options;
    const list = await api.list<T>(type, { namespace, labelSelector });
    this.#lists += 1;
    if (this.#abort.signal.aborted) return;
    this.#resourceVersion = list.resourceVersion;
    for (const change of this.cache.replace(list.items)) this.#options.onChange(change.type, change.object);
    if (!this.#synced) {
      this.#synced = true;
      for (const wake of this.#syncWaiters.splice(0)) wake();
    }
  }

  /** One watch: 'ended' when the server closed it normally, 'expired' on 410; throws on errors. */
  async #watchOnce(): Promise<'ended' | 'expired'> {
    const { api, type, namespace, labelSelector, watchTimeoutSeconds = 300, random } = this.#options;
    let expired = false;
    let failure: ApiError | undefined;
    const watch = api.watch<T>(
      type,
      {
        namespace,
        labelSelector,
        resourceVersion: this.#resourceVersion,
        allowWatchBookmarks: true,
        timeoutSeconds: Math.round(watchTimeoutSeconds * (1 + random())),
      },
      (event) => {
        if (expired || failure) return;
        const outcome = this.#apply(event);
        if (outcome === 'expired') expired = true;
        else if (outcome) failure = outcome;
        if (expired || failure) watch.stop();
      },
    );
    this.#stopWatch = () => watch.stop();
    try {
      await watch.done;
    } catch (err) {
      // Some servers answer a watch from a compacted resourceVersion with HTTP 410 instead of an event.
      if (!isGone(err)) throw err;
      expired = true;
    } finally {
      this.#stopWatch = undefined;
    }
    if (failure) throw failure;
    return expired ? 'expired' : 'ended';
  }

  #apply(event: WatchEvent<T>): 'expired' | ApiError | undefined {
    this.#events += 1;
    switch (event.type) {
      case 'ERROR':
        return event.object.code === 410 ? 'expired' : ApiError.fromStatus(event.object);
      case 'BOOKMARK':
        this.#resourceVersion = event.object.metadata.resourceVersion;
        return undefined;
      case 'ADDED':
      case 'MODIFIED': {
        const previous = this.cache.upsert(event.object);
        this.#resourceVersion = event.object.metadata?.resourceVersion ?? this.#resourceVersion;
        this.#options.onChange(previous ? 'modified' : 'added', event.object);
        return undefined;
      }
      case 'DELETED':
        this.cache.remove(event.object);
        this.#resourceVersion = event.object.metadata?.resourceVersion ?? this.#resourceVersion;
        this.#options.onChange('deleted', event.object);
        return undefined;
    }
  }

  async #resync(): Promise<void> {
    const { resyncMs = 0, clock } = this.#options;
    if (resyncMs <= 0) return;
    while (!this.#abort.signal.aborted) {
      await clock.sleep(resyncMs, this.#abort.signal);
      if (this.#abort.signal.aborted || !this.#synced) continue;
      for (const object of this.cache.list()) this.#options.onChange('resync', object);
    }
  }
}
