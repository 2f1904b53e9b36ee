/** Exponential backoff with jitter; randomness is injected so tests see exact delays. */

export interface BackoffPolicy {
  readonly initialMs: number;
  readonly maxMs: number;
}

/**
 * The delay before retry number `attempt` (1 = first retry): initial * 2^(attempt-1), capped, then
 * spread over [half, whole] so many failing loops do not retry in step.
 */
export function backoffDelay(policy: BackoffPolicy, attempt: number, random: () => number): number {
  const exponent = Math.min(Math.max(attempt - 1, 0), 30);
  const full = Math.min(policy.maxMs, policy.initialMs * 2 ** exponent);
  return Math.round(full * (0.5 + random() / 2));
}
