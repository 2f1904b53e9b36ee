/**
 * How many pods the StatefulSet runs. On Kubernetes a member starts when its pod exists and stops
 * when the StatefulSet shrinks past it, so the engine's StartMember and StopMember of the highest
 * member become a change of `replicas`; nothing else changes it. Pure.
 */
import type { Desired, Step } from '../../engine/index.ts';

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
