/** The operation in progress on a local ensemble, as `zkop status` shows it. Reads only. */
import type { OperationType } from '../../../engine/index.ts';
import { isRunning } from '../process/process.ts';
import type { LocalState } from '../state/state.ts';

export interface OperationView {
  readonly type: OperationType;
  /** The step being executed, or the last one executed while the engine waits. */
  readonly step: string;
  /** What the engine waits for; empty while it acts. */
  readonly waitingFor: string;
  /** The zkop process driving it. */
  readonly pid: number;
  /** That process is gone: the operation resumes with the next `zkop up`, `scale` or `restart`. */
  readonly interrupted: boolean;
  readonly updatedAt: string;
}

export function operationOf(state: LocalState): OperationView | undefined {
  const operation = state.lifecycle?.operation;
  if (!operation) return undefined;
  return { ...operation, interrupted: !isRunning(operation.pid) };
}
