/** Options every lifecycle command of the local platform takes. */

export interface LifecycleRunOptions {
  readonly stateDir: string;
  /** How long the whole operation may take. */
  readonly timeoutMs?: number;
  readonly onProgress?: (message: string) => void;
  /** Where ZooKeeper distributions are cached (see ensureDistribution). */
  readonly cacheDir?: string;
  /** The leader's turn of a roll: reconfig handoff (default) or a plain leader-last restart. */
  readonly leaderHandoff?: boolean;
  readonly signal?: AbortSignal;
}

export const DEFAULT_LIFECYCLE_TIMEOUT_MS = 600_000;
