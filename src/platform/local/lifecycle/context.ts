/** What executing steps for one local ensemble works with. */
import type { ResolvedSpec } from '../../../api/defaults.ts';
import type { Desired } from '../../../engine/index.ts';
import type { Distribution } from '../distribution/distribution.ts';

export interface LifecycleContext {
  readonly stateDir: string;
  readonly name: string;
  /** The spec members are rendered from: the one last applied, defaults filled in. */
  readonly spec: ResolvedSpec;
  readonly desired: Desired;
  /** The distribution of `desired.version`: what a member started now runs. */
  readonly distribution: Distribution;
  readonly progress: (message: string) => void;
}
