/** zkop's exit codes; scripts may rely on them. */
import type { FailureKind } from '../platform/shared/errors.ts';

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_INVALID_INPUT = 2;
export const EXIT_NOT_FOUND = 3;

export function exitCodeFor(kind: FailureKind): number {
  switch (kind) {
    case 'invalid-input':
      return EXIT_INVALID_INPUT;
    case 'not-found':
      return EXIT_NOT_FOUND;
    case 'failed':
      return EXIT_FAILED;
  }
}
