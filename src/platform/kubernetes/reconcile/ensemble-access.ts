/**
 * What the controller needs from ZooKeeper itself: how the members are (modes, sync, the committed
 * config), and reconfigs. The Kubernetes API cannot answer these; `dns-ensemble-access.ts` asks the
 * members through their pod DNS names.
 */
import type { Step } from '../../../engine/index.ts';
import type { EnsembleObservation } from '../../../zk/observation.ts';
import type { ZooKeeperObject } from '../render/index.ts';

export type ReconfigureStep = Extract<Step, { type: 'Reconfigure' }>;

export type ReconfigOutcome = { readonly applied: true } | { readonly applied: false; readonly why: string };

export interface EnsembleAccess {
  /** Asks members `ids` how they are and reads the committed config. Never changes the ensemble. */
  inspect(zk: ZooKeeperObject, ids: readonly number[]): Promise<EnsembleObservation>;
  /**
   * One conditional, incremental reconfig through the serving members, verified by reading the config
   * back. A refusal for the version or for a quorum not yet synced is an outcome, not an error: the
   * next reconcile observes again.
   */
  reconfigure(
    zk: ZooKeeperObject,
    step: ReconfigureStep,
    serving: readonly number[],
  ): Promise<ReconfigOutcome>;
}
