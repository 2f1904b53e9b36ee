/** Kubernetes Events (events.k8s.io/v1) about a ZooKeeper object, one per step zkop takes. */
import type { KubernetesObject } from '@kubernetes/client-node';
import type { KubeApi } from '../client/kube-api.ts';
import { EVENTS } from '../client/resources.ts';
import type { Clock } from './clock.ts';
import { microTime } from './leader-election.ts';

export const REPORTING_CONTROLLER = 'zookeeper.zkop.dev/zkop';

export interface EventNote {
  readonly type: 'Normal' | 'Warning';
  /** CamelCase, e.g. `RestartMember`. */
  readonly reason: string;
  /** What zkop did, e.g. `Restart`. */
  readonly action: string;
  readonly note: string;
}

export interface EventRecorder {
  record(regarding: KubernetesObject, event: EventNote): Promise<void>;
}

export class ApiEventRecorder implements EventRecorder {
  readonly #api: KubeApi;
  readonly #clock: Clock;
  readonly #instance: string;
  readonly #onError: (err: unknown) => void;
  #sequence = 0;

  constructor(api: KubeApi, clock: Clock, instance: string, onError: (err: unknown) => void = () => {}) {
    this.#api = api;
    this.#clock = clock;
    this.#instance = instance;
    this.#onError = onError;
  }

  /** Never throws: an event that cannot be written must not fail the reconcile that took the step. */
  async record(regarding: KubernetesObject, event: EventNote): Promise<void> {
    const { name, namespace, uid } = regarding.metadata ?? {};
    const now = this.#clock.now();
    this.#sequence += 1;
    try {
      await this.#api.create(EVENTS, {
        apiVersion: EVENTS.apiVersion,
        kind: EVENTS.kind,
        metadata: {
          name: `${name}.${now.toString(16)}${this.#sequence.toString(16).padStart(4, '0')}`,
          namespace,
        },
        eventTime: microTime(now),
        reportingController: REPORTING_CONTROLLER,
        reportingInstance: this.#instance,
        type: event.type,
        reason: event.reason,
        action: event.action,
        note: event.note.slice(0, 1024),
        regarding: { apiVersion: regarding.apiVersion, kind: regarding.kind, name, namespace, uid },
      } as KubernetesObject);
    } catch (err) {
      this.#onError(err);
    }
  }
}
