/** What creating or healing an ensemble works with. */
import type { Distribution } from './distribution/distribution.ts';

export interface UpContext {
  readonly stateDir: string;
  readonly name: string;
  readonly distribution: Distribution;
  readonly timeoutMs: number;
  readonly progress: (message: string) => void;
}

export interface UpStep {
  readonly outcome: 'created' | 'unchanged' | 'healed' | 'reconciled';
  readonly started: readonly number[];
}
