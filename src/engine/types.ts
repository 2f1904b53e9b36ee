/**
 * The lifecycle engine's own vocabulary: what the user wants (`Desired`), what a platform saw
 * (`Observation`) and the one thing to do next (`Step`). Platforms adapt to these types; the engine
 * depends on no platform and no ZooKeeper client.
 */
import type { QuorumSaslStage } from '../config/auth-stage.ts';
import type { QuorumTlsStage } from '../config/quorum-tls-stage.ts';

export type { QuorumSaslStage, QuorumTlsStage };

/** The stages a member is started at, of the changes that roll one stage at a time. */
export interface MemberStages {
  readonly quorumTls: QuorumTlsStage;
  readonly quorumSasl: QuorumSaslStage;
}

export type MemberId = number;
export type Role = 'participant' | 'observer';

export interface ConfigMember {
  readonly id: MemberId;
  readonly role: Role;
  /** The `server.N` value as ZooKeeper prints it; passed through untouched, absent for new members. */
  readonly address?: string;
}

export interface EnsembleConfig {
  /** ZooKeeper's config version (a zxid); the `fromConfig` of the next reconfig. */
  readonly version: bigint;
  readonly members: readonly ConfigMember[];
}

export interface ObservedConfig extends EnsembleConfig {
  /**
   * True when just read from `/zookeeper/config` through a serving member. False when no quorum
   * answered and this is the last config the platform read, or the one it bootstrapped with.
   */
  readonly live: boolean;
}

/** What happens to a member's storage after it left the ensemble for good. */
export type RemovedStoragePolicy = 'delete' | 'retain';

export interface Desired {
  /** Voting members: ids 1..replicas. */
  readonly replicas: number;
  /** Non-voting members: ids replicas+1..replicas+observers. */
  readonly observers: number;
  /** ZooKeeper version every member should run. */
  readonly version: string;
  /** Hash of the rendered configuration a member runs with; a change needs a restart. */
  readonly configHash: string;
  /** Changed by `zkop restart`: every member started with another token is restarted. */
  readonly restartToken: string;
  /** Hands off: the engine only waits. */
  readonly paused: boolean;
  /** The leader's turn of a roll is a reconfig handoff (true) or a plain restart (false). */
  readonly leaderHandoff: boolean;
  readonly removedStorage: RemovedStoragePolicy;
  /**
   * The quorum TLS stage the spec asks for (`plaintext` or `tls`). A running ensemble gets there one
   * stage per roll (quorum-tls.ts); a new one starts there.
   */
  readonly quorumTls: QuorumTlsStage;
  /** The quorum SASL stage the spec asks for (`off` or `servers-require`); reached like `quorumTls` (quorum-sasl.ts). */
  readonly quorumSasl: QuorumSaslStage;
}

export type Mode = 'leader' | 'follower' | 'observer' | 'looking' | 'unknown';

/** Whether a member has storage, and whether it holds ZooKeeper data. */
export type StorageState = 'data' | 'empty' | 'none';

export interface MemberObservation {
  readonly id: MemberId;
  /** A process or pod for it exists (and is not a zombie). */
  readonly running: boolean;
  /** Answers `srvr` with a mode other than looking. */
  readonly serving: boolean;
  readonly mode: Mode;
  /** Up to date with the leader, as the leader reports it; true for the leader itself. */
  readonly synced: boolean;
  readonly zxid?: bigint;
  /** ZooKeeper version it runs (or last ran). */
  readonly version: string;
  /** `Desired.configHash` it was started with. */
  readonly configHash: string;
  /** `Desired.restartToken` it was started with. */
  readonly restartToken: string;
  /** The quorum TLS stage it was started with (`plaintext` when it never used TLS). */
  readonly quorumTls: QuorumTlsStage;
  /** The quorum SASL stage it was started with (`off` when it never used quorum SASL). */
  readonly quorumSasl: QuorumSaslStage;
  /**
   * Why the platform needs the member started again although its version, config and token are
   * current (e.g. a grown volume whose file system grows only when the member starts); rolled like
   * a stale member. Undefined when it needs no restart.
   */
  readonly restartNeeded?: string;
  /**
   * Why the line the committed config holds for the member is not the one the platform would write
   * now (e.g. its plain client address with client TLS turned on or off); a reconfig rewrites it, the
   * member keeping its role. Undefined when it matches, or when it should not change yet.
   */
  readonly addressStale?: string;
  /** The ensemble config the member itself holds (its dynamic config file or `conf`), when known. */
  readonly config?: EnsembleConfig;
  readonly storage: StorageState;
  /**
   * Its data dir is known to have been wiped (e.g. a new volume) since it last served: it must not
   * vote again before it rejoined as a new member. The platform clears it when it executes the
   * `Reconfigure` add of that member.
   */
  readonly dataLost: boolean;
}

export interface Observation {
  /** Members that have a process, a pod or storage; an id not listed has none of them. */
  readonly members: readonly MemberObservation[];
  /** Undefined when no config was ever read or written: a new ensemble. */
  readonly config: ObservedConfig | undefined;
  readonly leader: MemberId | undefined;
}

export interface StartOptions {
  /** Starts as an observer: a joiner, or a member the config lists as observer. */
  readonly asObserver: boolean;
  /** The ensemble config to start it with. */
  readonly config: EnsembleConfig;
  /** The quorum TLS stage to start it at. */
  readonly quorumTls: QuorumTlsStage;
  /** The quorum SASL stage to start it at. */
  readonly quorumSasl: QuorumSaslStage;
}

/** `readdress`: the member keeps its role; the reconfig rewrites the addresses of its line. */
export type ReconfigureKind = 'add' | 'promote' | 'demote' | 'readdress' | 'remove';

/** What a reconfig does to its member: every change but a removal names the role it has afterwards. */
export type ReconfigureChange =
  | { readonly kind: 'remove'; readonly role?: undefined }
  | { readonly kind: Exclude<ReconfigureKind, 'remove'>; readonly role: Role };

export type Step =
  | {
      readonly type: 'StartMember';
      readonly id: MemberId;
      readonly options: StartOptions;
      readonly reason: string;
    }
  | ({
      readonly type: 'Reconfigure';
      readonly id: MemberId;
      /** Conditional reconfig: ZooKeeper refuses it if the config changed meanwhile. */
      readonly fromVersion: bigint;
      readonly reason: string;
    } & ReconfigureChange)
  | { readonly type: 'StopMember'; readonly id: MemberId; readonly reason: string }
  | {
      readonly type: 'RestartMember';
      readonly id: MemberId;
      readonly reason: string;
      /** Config to start it with again; also what brings a member with a wrong config back in line. */
      readonly config: EnsembleConfig;
      /** The quorum TLS stage to start it at. */
      readonly quorumTls: QuorumTlsStage;
      /** The quorum SASL stage to start it at. */
      readonly quorumSasl: QuorumSaslStage;
    }
  | { readonly type: 'DeleteStorage'; readonly id: MemberId; readonly reason: string }
  | { readonly type: 'Wait'; readonly reason: string }
  | { readonly type: 'Refuse'; readonly reason: string }
  | { readonly type: 'Done' };

export type OperationType =
  | 'Create'
  | 'Heal'
  | 'Scale'
  | 'Reconfigure'
  | 'Restart'
  | 'Upgrade'
  | 'Idle'
  | 'Paused'
  | 'Refused';

/** A step and the operation it belongs to. */
export interface Plan {
  readonly operation: OperationType;
  readonly step: Step;
}
