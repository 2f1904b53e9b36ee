/**
 * Leader election through a coordination.k8s.io/v1 Lease, so of several operator replicas exactly one
 * reconciles. A candidate takes the Lease when it is free or its holder has not renewed it for
 * `leaseDurationMs` of this candidate's own clock (it times the renewals it observes, so clock skew
 * between machines does not matter); the leader renews every `retryPeriodMs` and gives up leading
 * when no renewal succeeded for `renewDeadlineMs` (shorter than the lease, so it stops before another
 * can take over). On shutdown the leader releases the Lease, so a standby takes over at once.
 */
import type { KubernetesObject } from '@kubernetes/client-node';
import { isConflict, type KubeApi } from '../client/kube-api.ts';
import { LEASES } from '../client/resources.ts';
import type { Clock } from './clock.ts';

export interface LeaderElectionOptions {
  readonly api: KubeApi;
  readonly namespace: string;
  readonly name: string;
  /** Unique per replica, e.g. the pod name plus a random suffix. */
  readonly identity: string;
  readonly clock: Clock;
  readonly leaseDurationMs?: number;
  readonly renewDeadlineMs?: number;
  readonly retryPeriodMs?: number;
  readonly onError?: (err: unknown) => void;
}

export interface LeaderCallbacks {
  /**
   * Called on becoming leader; `signal` aborts when leadership ends. The Lease is released only after
   * the returned promise settles, so the work stops before a standby may start.
   */
  readonly onStartedLeading: (signal: AbortSignal) => void | Promise<void>;
  readonly onStoppedLeading: () => void;
}

/** A Lease as plain API JSON (the client library's model types its times as Date objects). */
export interface Lease extends KubernetesObject {
  spec?: {
    holderIdentity?: string;
    leaseDurationSeconds?: number;
    acquireTime?: string;
    renewTime?: string;
    leaseTransitions?: number;
  };
}

interface Observed {
  readonly holder: string;
  readonly renewTime: string;
  readonly at: number;
}

/** A Lease's MicroTime: RFC 3339 with microseconds. */
export const microTime = (ms: number): string => new Date(ms).toISOString().replace('Z', '000Z');

export class LeaderElector {
  readonly #o: Required<Omit<LeaderElectionOptions, 'onError'>> & Pick<LeaderElectionOptions, 'onError'>;
  #observed: Observed | undefined;
  #leading = false;

  constructor(options: LeaderElectionOptions) {
    this.#o = { leaseDurationMs: 15_000, renewDeadlineMs: 10_000, retryPeriodMs: 2_000, ...options };
    if (this.#o.renewDeadlineMs >= this.#o.leaseDurationMs) {
      throw new Error('the renew deadline must be shorter than the lease duration');
    }
  }

  get isLeader(): boolean {
    return this.#leading;
  }

  /**
   * Campaigns until it leads, leads until `signal` aborts (then releases the Lease) or a renewal
   * deadline passes, and returns. Run it again to campaign again.
   */
  async run(signal: AbortSignal, callbacks: LeaderCallbacks): Promise<void> {
    const { clock, retryPeriodMs, renewDeadlineMs } = this.#o;
    while (!signal.aborted && !(await this.#tryAcquireOrRenew())) {
      await clock.sleep(retryPeriodMs, signal);
    }
    if (signal.aborted) return;
    this.#leading = true;
    const leadership = new AbortController();
    const work = Promise.resolve(callbacks.onStartedLeading(leadership.signal)).catch(() => {});
    let lastRenew = clock.now();
    try {
      while (!signal.aborted) {
        await clock.sleep(retryPeriodMs, signal);
        if (signal.aborted) break;
        const remaining = lastRenew + renewDeadlineMs - clock.now();
        const deadline = new AbortController();
        const renewed = await Promise.race([
          this.#tryAcquireOrRenew(),
          clock.sleep(Math.max(0, remaining), deadline.signal).then(() => false),
        ]);
        deadline.abort();
        if (renewed) lastRenew = clock.now();
        else if (clock.now() - lastRenew >= renewDeadlineMs) break;
      }
    } finally {
      leadership.abort();
      await work;
      if (signal.aborted) await this.#release();
      this.#leading = false;
      callbacks.onStoppedLeading();
    }
  }

  async #tryAcquireOrRenew(): Promise<boolean> {
    const { api, namespace, name, identity, clock, leaseDurationMs } = this.#o;
    const now = clock.now();
    const spec = {
      holderIdentity: identity,
      leaseDurationSeconds: Math.ceil(leaseDurationMs / 1000),
      renewTime: microTime(now),
    };
    try {
      const lease = await api.get<Lease>(LEASES, { namespace, name });
      if (!lease) {
        await api.create<Lease>(LEASES, {
          apiVersion: LEASES.apiVersion,
          kind: LEASES.kind,
          metadata: { namespace, name },
          spec: { ...spec, acquireTime: microTime(now), leaseTransitions: 0 },
        });
        this.#observe(identity, spec.renewTime);
        return true;
      }
      const holder = lease.spec?.holderIdentity ?? '';
      const renewTime = String(lease.spec?.renewTime ?? '');
      if (this.#observed?.holder !== holder || this.#observed.renewTime !== renewTime)
        this.#observe(holder, renewTime);
      const heldByOther = holder !== '' && holder !== identity;
      if (heldByOther && (this.#observed?.at ?? now) + leaseDurationMs > now) return false;
      const transitions = lease.spec?.leaseTransitions ?? 0;
      const next: Lease = {
        ...lease,
        spec: {
          ...lease.spec,
          ...spec,
          ...(holder === identity
            ? {}
            : {
                acquireTime: microTime(now),
                leaseTransitions: holder === '' ? transitions : transitions + 1,
              }),
        },
      };
      await api.replace<Lease>(LEASES, next);
      this.#observe(identity, spec.renewTime);
      return true;
    } catch (err) {
      if (!isConflict(err)) this.#o.onError?.(err);
      return false;
    }
  }

  #observe(holder: string, renewTime: string): void {
    this.#observed = { holder, renewTime, at: this.#o.clock.now() };
  }

  /** Frees the Lease if this replica still holds it, so a standby need not wait for it to expire. */
  async #release(): Promise<void> {
    const { api, namespace, name, identity, clock } = this.#o;
    try {
      const lease = await api.get<Lease>(LEASES, { namespace, name });
      if (lease?.spec?.holderIdentity !== identity) return;
      await api.replace<Lease>(LEASES, {
        ...lease,
        spec: {
          ...lease.spec,
          holderIdentity: '',
          leaseDurationSeconds: 1,
          renewTime: microTime(clock.now()),
        },
      });
    } catch (err) {
      this.#o.onError?.(err);
    }
  }
}
