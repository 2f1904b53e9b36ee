/** The engine's `Desired`, derived the same way on both platforms from the spec. Pure. */
import type { ResolvedSpec } from '../../api/defaults.ts';
import { finalAuthStage } from '../../config/auth-stage.ts';
import { finalQuorumTlsStage } from '../../config/quorum-tls-stage.ts';
import type { Desired } from '../../engine/index.ts';

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
    quorumTls: finalQuorumTlsStage(spec.tls.quorum.enabled),
    quorumSasl: finalAuthStage(spec).quorum,
  };
}
