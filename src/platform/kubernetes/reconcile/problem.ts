/**
 * Why a reconcile cannot go on, when its user can do something about it: a spec zkop cannot render,
 * an object the API server refuses, a Secret that is missing. reconcile.ts reports it (the Degraded
 * condition and a Warning Event, both with its reason) and throws it on, so the work queue retries
 * with backoff and the fix heals without anyone nudging zkop.
 */
import { ApiError } from '../client/kube-api.ts';

export class ReconcileProblem extends Error {
  /** CamelCase, e.g. `ObjectRefused`: the condition's and the Event's reason. */
  readonly reason: string;
  /** What zkop was doing, for the Event. */
  readonly action: string;

  constructor(reason: string, message: string, action = 'Reconcile') {
    super(message);
    this.name = 'ReconcileProblem';
    this.reason = reason;
    this.action = action;
  }
}

/** An API refusal a retry alone does not fix: bad request, forbidden, invalid. */
export const isRefusal = (err: unknown): err is ApiError =>
  err instanceof ApiError && [400, 403, 422].includes(err.code);

/**
 * The problem `err` is, or undefined for errors that pass by themselves (conflicts, an API server
 * that is busy or away, the network): reporting those would only make the status flap.
 */
export function problemOf(err: unknown): ReconcileProblem | undefined {
  if (err instanceof ReconcileProblem) return err;
  if (isRefusal(err)) {
    return new ReconcileProblem('RequestRefused', `the API server refused a request of zkop: ${err.message}`);
  }
  return undefined;
}

/** What `render` gives; a spec the ensemble's objects cannot be rendered from is the user's to fix. */
export function rendering<T>(render: () => T): T {
  try {
    return render();
  } catch (err) {
    throw new ReconcileProblem(
      'RenderFailed',
      `zkop cannot render the ensemble's objects: ${(err as Error).message}`,
    );
  }
}
