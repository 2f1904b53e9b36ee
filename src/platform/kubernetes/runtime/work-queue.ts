/**
 * Keys of objects to reconcile. A key is handled by one worker at a time; adding a key that is already
 * pending does nothing, adding one that is being handled runs it once more afterwards. Failures are
 * retried after a per-key exponential backoff; a handler can ask to run again after a delay. Shutdown
 * takes no new work and waits for the handlers running now; pending keys are dropped (whoever runs
 * next lists everything again).
 */
import { type BackoffPolicy, backoffDelay } from './backoff.ts';
import type { Clock } from './clock.ts';

export interface WorkResult {
  /** Run this key again after this many milliseconds. */
  readonly requeueAfterMs?: number;
}

export type Handler = (key: string, signal: AbortSignal) => Promise<WorkResult | undefined>;

export interface WorkQueueOptions {
  readonly clock: Clock;
  readonly random: () => number;
  readonly backoff?: BackoffPolicy;
  readonly onError?: (key: string, err: unknown, attempt: number, delayMs: number) => void;
}

const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 1000, maxMs: 5 * 60_000 };

export class WorkQueue {
  readonly #options: WorkQueueOptions;
  readonly #ready: string[] = [];
  readonly #queued = new Set<string>();
  readonly #processing = new Set<string>();
  readonly #dirty = new Set<string>();
  readonly #delayed = new Map<string, { at: number; cancel: AbortController }>();
  readonly #failures = new Map<string, number>();
  readonly #shutdown = new AbortController();
  #waiting: (() => void)[] = [];
  #workers: Promise<void>[] = [];

  constructor(options: WorkQueueOptions) {
    this.#options = options;
  }

  /** Keys ready to run now. */
  get depth(): number {
    return this.#ready.length;
  }

  /** Keys waiting for a delay or a backoff. */
  get delayed(): number {
    return this.#delayed.size;
  }

  get inFlight(): number {
    return this.#processing.size;
  }

  get shuttingDown(): boolean {
    return this.#shutdown.signal.aborted;
  }

  add(key: string): void {
    if (this.shuttingDown) return;
    if (this.#processing.has(key)) {
      this.#dirty.add(key);
      return;
    }
    if (this.#queued.has(key)) return;
    this.#queued.add(key);
    this.#ready.push(key);
    this.#waiting.shift()?.();
  }

  /** Adds `key` after `ms`; an earlier pending delay for the same key wins. */
  addAfter(key: string, ms: number): void {
    if (this.shuttingDown) return;
    if (ms <= 0) {
      this.add(key);
      return;
    }
    const at = this.#options.clock.now() + ms;
    const pending = this.#delayed.get(key);
    if (pending && pending.at <= at) return;
    pending?.cancel.abort();
    const cancel = new AbortController();
    this.#delayed.set(key, { at, cancel });
    const signal = AbortSignal.any([cancel.signal, this.#shutdown.signal]);
    void this.#options.clock.sleep(ms, signal).then(() => {
      if (signal.aborted) return;
      this.#delayed.delete(key);
      this.add(key);
    });
  }

  /** Adds `key` after its backoff; returns the delay. */
  addRateLimited(key: string): number {
    const attempt = (this.#failures.get(key) ?? 0) + 1;
    this.#failures.set(key, attempt);
    const delay = backoffDelay(this.#options.backoff ?? DEFAULT_BACKOFF, attempt, this.#options.random);
    this.addAfter(key, delay);
    return delay;
  }

  /** Clears the failure count of `key`: its next failure waits the shortest backoff again. */
  forget(key: string): void {
    this.#failures.delete(key);
  }

  failures(key: string): number {
    return this.#failures.get(key) ?? 0;
  }

  /** Starts `workers` loops that run `handler` for each key. */
  run(handler: Handler, workers = 1): void {
    for (let i = 0; i < workers; i++) this.#workers.push(this.#work(handler));
  }

  /** Takes no new keys, cancels delays, and resolves when the handlers running now have returned. */
  async shutdown(): Promise<void> {
    this.#shutdown.abort();
    for (const { cancel } of this.#delayed.values()) cancel.abort();
    this.#delayed.clear();
    for (const wake of this.#waiting.splice(0)) wake();
    await Promise.all(this.#workers);
  }

  async #next(): Promise<string | undefined> {
    while (!this.shuttingDown) {
      const key = this.#ready.shift();
      if (key !== undefined) {
        this.#queued.delete(key);
        return key;
      }
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    }
    return undefined;
  }

  async #work(handler: Handler): Promise<void> {
    for (;;) {
      const key = await this.#next();
      if (key === undefined) return;
      this.#processing.add(key);
      try {
        const result = await handler(key, this.#shutdown.signal);
        this.forget(key);
        if (result?.requeueAfterMs !== undefined) this.addAfter(key, result.requeueAfterMs);
      } catch (err) {
        const attempt = this.failures(key) + 1;
        const delay = this.addRateLimited(key);
        this.#options.onError?.(key, err, attempt, delay);
      } finally {
        this.#processing.delete(key);
        if (this.#dirty.delete(key)) this.add(key);
      }
    }
  }
}
