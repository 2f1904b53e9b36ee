/**
 * What the controller needs from ZooKeeper itself: how the members are (modes, sync, the committed
 * config), and reconfigs. The Kubernetes API cannot answer these; `dns-ensemble-access.ts` asks the
 * members through their pod DNS names.
 */
import type { ZkClient } from '../../../zk/client.ts';
import type { EnsembleObservation } from '../../../zk/observation.ts';
import type { ReconfigOutcome } from '../../../zk/reconfigure.ts';
import type { TlsOptions } from '../../../zk/tls-options.ts';
import type { ReconfigureStep } from '../../shared/reconfigure.ts';
import type { ZooKeeperObject } from '../render/index.ts';

export type { ReconfigureStep } from '../../shared/reconfigure.ts';

/** What the controller takes of a `ReconfigOutcome`: whether it applied (the next reconcile reads the config). */
export type ReconfigResult =
  | Pick<Extract<ReconfigOutcome, { applied: true }>, 'applied'>
  | Extract<ReconfigOutcome, { applied: false }>;

/** How a member's pod was started, which says how to talk to it. */
export interface MemberReach {
  readonly id: number;
  /** It serves clients on its secure client port (its plain one listens on loopback only). */
  readonly clientTls: boolean;
  /** It uses TLS at all: its AdminServer then serves HTTPS only. */
  readonly tls: boolean;
}

export interface EnsembleAccess {
  /**
   * Asks `members` how they are and reads the committed config, over TLS with `client` where a
   * member serves it. Never changes the ensemble.
   */
  inspect(
    zk: ZooKeeperObject,
    members: readonly MemberReach[],
    client?: TlsOptions,
  ): Promise<EnsembleObservation>;
  /**
   * One conditional, incremental reconfig through the serving members, verified by reading the config
   * back. A refusal for the version or for a quorum not yet synced is an outcome, not an error: the
   * next reconcile observes again.
   */
  reconfigure(
    zk: ZooKeeperObject,
    step: ReconfigureStep,
    serving: readonly MemberReach[],
    client?: TlsOptions,
  ): Promise<ReconfigResult>;
  /**
   * Runs `work` in one session as zkop's super user (over SASL where members authenticate clients with
   * it, else with its digest) through the serving members: how tenants' znodes are converged and
   * logical backups read. Absent where no ZooKeeper
   * answers sessions (the controller's plumbing tests).
   */
  asSuperUser?<T>(
    zk: ZooKeeperObject,
    serving: readonly MemberReach[],
    work: (session: ZkClient) => Promise<T>,
    client?: TlsOptions,
  ): Promise<T>;
}
