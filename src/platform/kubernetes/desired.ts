/** The engine's `Desired` for a ZooKeeper object. Pure. */
import type { ResolvedSpec } from '../../api/defaults.ts';
import type { Desired } from '../../engine/index.ts';
import { desiredFromSpec } from '../engine-inputs.ts';

/** Changed by `zkop restart`: every member started before the change is restarted. */
export const RESTART_TOKEN_ANNOTATION = 'zookeeper.zkop.dev/restart-token';

export function desiredOf(spec: ResolvedSpec, configHash: string, restartToken: string): Desired {
  return desiredFromSpec(spec, { configHash, restartToken, leaderHandoff: true });
}
