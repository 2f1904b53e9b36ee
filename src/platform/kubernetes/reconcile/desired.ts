/** The engine's `Desired` for a ZooKeeper object. Pure. */
import type { ResolvedSpec } from '../../../api/defaults.ts';
import type { Desired } from '../../../engine/index.ts';
import { desiredFromSpec } from '../../engine-inputs.ts';

export function desiredOf(spec: ResolvedSpec, configHash: string, restartToken: string): Desired {
  return desiredFromSpec(spec, { configHash, restartToken, leaderHandoff: true });
}
