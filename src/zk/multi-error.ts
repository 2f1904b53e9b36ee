import { ZkError } from './errors.ts';
import type { MultiResult } from './jute/operations.ts';

/** A failed `multi`: nothing was applied; names the operation that failed and every per-operation result. */
export class ZkMultiError extends ZkError {
  readonly results: readonly MultiResult[];
  /** Index of the operation that failed. */
  readonly failedIndex: number;

  constructor(errno: number, path: string | undefined, failedIndex: number, results: readonly MultiResult[]) {
    super(errno, 'multi', path, undefined);
    this.results = results;
    this.failedIndex = failedIndex;
  }
}
