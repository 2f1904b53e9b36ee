/** Where a change made one stage per roll (quorum TLS, quorum SASL) stands. Pure. */
import type { Desired, MemberObservation, MemberStages } from './types.ts';

/** Whether members at stages `a` and `b` can talk: at most one stage apart. */
export const neighbouringStages = <S extends string>(stages: readonly S[], a: S, b: S): boolean =>
  Math.abs(stages.indexOf(a) - stages.indexOf(b)) <= 1;

/**
 * The stage members started now run at: one stage from where the running members are towards the
 * desired one (of all members, when none runs; the desired one for a new ensemble). Always at most
 * one stage from every running member.
 */
export function stageTarget<K extends keyof MemberStages>(
  stages: readonly MemberStages[K][],
  key: K,
  desired: Desired,
  members: readonly MemberObservation[],
): MemberStages[K] {
  const goal = desired[key];
  const running = members.filter((m) => m.running);
  const at = (running.length > 0 ? running : members).map((m) => stages.indexOf(m[key]));
  if (at.length === 0) return goal;
  const wanted = stages.indexOf(goal);
  const lowest = Math.min(...at);
  const highest = Math.max(...at);
  if (wanted > lowest) return stages[Math.min(lowest + 1, wanted)] ?? goal;
  if (wanted < highest) return stages[Math.max(highest - 1, wanted)] ?? goal;
  return goal;
}
