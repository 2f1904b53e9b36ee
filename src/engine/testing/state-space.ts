/**
 * Bounded exhaustive exploration for the engine's tests: from every start of up to `maxMembers`
 * members, every interleaving of engine steps (whole, interrupted halfway or executed twice), world
 * progress and up to `faults` faults, towards every target. Each executed step is checked against
 * the invariants, and from every reached state a fair run must end Done with the wanted shape.
 */

import { nextStep } from '../plan.ts';
import { explorationStarts, explorationTargets } from './exploration-states.ts';
import { violations } from './invariant-checks.ts';
import {
  applyEvent,
  applyStep,
  faultEvents,
  observe,
  progressEvents,
  recordConfig,
  type SimEnsemble,
} from './simulated-ensemble.ts';
import { runFair, shapeProblem, summary } from './walks.ts';

export interface StateSpace {
  states: number;
  transitions: number;
  /** Check name -> what broke it, where. */
  readonly violations: Map<string, string[]>;
  readonly notConverged: string[];
}

function keyOf(e: SimEnsemble, faults: number): string {
  return `${faults}:${JSON.stringify(e, (_k, v) => (typeof v === 'bigint' ? v.toString(16) : v))}`;
}

export function exploreStateSpace(maxMembers: number, faults: number): StateSpace {
  const result: StateSpace = { states: 0, transitions: 0, violations: new Map(), notConverged: [] };
  for (const desired of explorationTargets(maxMembers)) {
    const target = `${desired.replicas}+${desired.observers} ${desired.version} ${desired.restartToken}`;
    const seen = new Set<string>();
    const queue: [SimEnsemble, number][] = [];
    const visit = (e: SimEnsemble, budget: number): void => {
      const key = keyOf(e, budget);
      if (seen.has(key)) return;
      seen.add(key);
      queue.push([e, budget]);
    };
    for (const start of explorationStarts(maxMembers)) visit(start.ensemble, faults);
    for (let next = queue.pop(); next; next = queue.pop()) {
      const [reached, budget] = next;
      result.states++;
      const e = recordConfig(reached);
      const observation = observe(e);
      const step = nextStep(desired, observation);
      const once = applyStep(e, step, desired);
      const outcomes = [once, applyStep(once, step, desired)];
      if (step.type === 'RestartMember') outcomes.push(applyStep(e, step, desired, true));
      for (const after of outcomes) {
        result.transitions++;
        const before = after === outcomes[1] ? once : e;
        for (const v of violations({ desired, before, observation, step, after })) {
          const list = result.violations.get(v.check) ?? [];
          list.push(`${target}: ${v.message}`);
          result.violations.set(v.check, list);
        }
        visit(after, budget);
      }
      for (const event of progressEvents(e)) visit(applyEvent(e, event), budget);
      if (budget > 0) {
        const wiped = e.members.some((m) => m.dataLost);
        for (const event of faultEvents(e)) {
          if (event.kind !== 'wipe' || !wiped) visit(applyEvent(e, event), budget - 1);
        }
      }
      if (step.type !== 'Refuse') {
        const run = runFair(desired, e);
        const problem = run.done
          ? shapeProblem(desired, run.end)
          : `stopped at ${summary(run.steps.slice(-1))}`;
        if (problem) result.notConverged.push(`${target}: ${problem}`);
      }
    }
  }
  return result;
}
