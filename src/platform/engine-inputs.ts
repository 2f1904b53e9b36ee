/** What both platforms hand the lifecycle engine, derived the same way from the spec and from ZooKeeper. Pure. */
import type { ResolvedSpec } from '../api/defaults.ts';
import type { Desired, Mode } from '../engine/index.ts';
import type { MemberMode } from '../zk/observation.ts';

export interface DesiredExtras {
  /** Digest of what a member is started with (config, JVM flags, version): a change rolls the members. */
  readonly configHash: string;
  /** Changed by `zkop restart`: every member started before the change is restarted. */
  readonly restartToken: string;
  readonly leaderHandoff: boolean;
}

export function desiredFromSpec(spec: ResolvedSpec, extras: DesiredExtras): Desired {
  return {
    replicas: spec.replicas,
    observers: spec.observers,
    version: spec.version,
    configHash: extras.configHash,
    restartToken: extras.restartToken,
    paused: spec.paused,
    leaderHandoff: extras.leaderHandoff,
    // The storage of a member that left is kept only where the user asked to keep volumes.
    removedStorage:
      spec.deletionPolicy === 'Retain' || spec.deletionPolicy === 'DoNotTerminate' ? 'retain' : 'delete',
  };
}

/** A member's mode as ZooKeeper reports it, in the engine's terms. */
export function engineMode(mode: MemberMode | undefined): Mode {
  switch (mode) {
    case 'leader':
    case 'follower':
    case 'observer':
      return mode;
    case 'not-serving':
    case 'read-only':
    case 'standalone':
      return 'looking';
    default:
      return 'unknown';
  }
}
