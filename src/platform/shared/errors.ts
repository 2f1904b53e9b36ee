/** Failures of zkop on either platform, sorted by who can fix them (the CLI maps each to an exit code). */

/** invalid-input: the user's manifest or arguments; not-found: no such ensemble; failed: the operation itself. */
export type FailureKind = 'invalid-input' | 'not-found' | 'failed';

export class PlatformError extends Error {
  readonly kind: FailureKind;
  /** Extra lines worth showing under the message, e.g. a member's log tail. */
  readonly details: string;

  constructor(kind: FailureKind, message: string, details = '') {
    super(message);
    this.name = 'PlatformError';
    this.kind = kind;
    this.details = details;
  }
}

export const invalidInput = (message: string, details = '') =>
  new PlatformError('invalid-input', message, details);
export const notFound = (message: string) => new PlatformError('not-found', message);
export const failed = (message: string, details = '') => new PlatformError('failed', message, details);
