/** The engine's `Desired` for a ZooKeeper object. Pure. */
import type { ResolvedSpec } from '../../../api/defaults.ts';
import type { Desired } from '../../../engine/index.ts';
import { desiredFromSpec } from '../../shared/desired.ts';

export function desiredOf(spec: ResolvedSpec, configHash: string, restartToken: string): Desired {
  return desiredFromSpec(spec, { configHash, restartToken, leaderHandoff: true });
}
