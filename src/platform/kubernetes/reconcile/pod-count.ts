/**
 * How many pods the StatefulSet runs. On Kubernetes a member starts when its pod exists and stops
 * when the StatefulSet shrinks past it, so the engine's StartMember and StopMember of the highest
 * member become a change of `replicas`; nothing else changes it. Pure.
 */
import type { Desired, Step } from '../../../engine/index.ts';
import type { MemberFacts } from './member-facts.ts';

export function podCountFor(current: number | undefined, desired: Desired, step: Step): number {
  if (current === undefined) {
    // A new ensemble starts every member at once, each with the same initial config.
    const wanted = desired.replicas + desired.observers;
    return step.type === 'StartMember' ? Math.max(wanted, step.id) : wanted;
  }
  if (step.type === 'StartMember') return Math.max(current, step.id);
  if (step.type === 'StopMember' && step.id === current) return current - 1;
  return current;
}

/**
 * The replicas of a StatefulSet that is gone while member pods still run (zkop replaced it, or it was
 * deleted without its pods): as many as run, so creating it again starts and stops no member.
 */
export function runningPodCount(facts: readonly MemberFacts[]): number | undefined {
  const ids = facts.filter((f) => f.pod && !f.pod.metadata?.deletionTimestamp).map((f) => f.id);
  return ids.length > 0 ? Math.max(...ids) : undefined;
}
