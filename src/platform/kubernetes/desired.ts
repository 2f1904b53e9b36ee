/** The engine's `Desired` for a ZooKeeper object. Pure. */
import type { ResolvedSpec } from '../../api/defaults.ts';
import type { Desired } from '../../engine/index.ts';

/** Changed by `zkop restart`: every member started before the change is restarted. */
export const RESTART_TOKEN_ANNOTATION = 'zookeeper.zkop.dev/restart-token';

export function desiredOf(spec: ResolvedSpec, configHash: string, restartToken: string): Desired {
  return {
    replicas: spec.replicas,
    observers: spec.observers,
    version: spec.version,
    configHash,
    restartToken,
    paused: spec.paused,
    leaderHandoff: true,
    // The volume of a member that left is kept only where the user asked to keep volumes.
    removedStorage:
      spec.deletionPolicy === 'Retain' || spec.deletionPolicy === 'DoNotTerminate' ? 'retain' : 'delete',
  };
}
