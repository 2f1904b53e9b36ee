/**
 * The seven invariants of the lifecycle engine (DESIGN.md), each as named tests: fair runs from every
 * small starting point to every small target, every interleaving for the smallest ensembles, seeded
 * random walks with faults and platform crashes, and targeted cases.
 */

import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { seeded } from '../../test/support/seeded-random.ts';
import { describeOperation } from './describe-operation.ts';
import { nextStep, plan } from './plan.ts';
import { explorationStarts, explorationTargets } from './testing/exploration-states.ts';
import { INVARIANT_CHECKS } from './testing/invariant-checks.ts';
import { applyStep, observe, settle } from './testing/simulated-ensemble.ts';
import { exploreStateSpace } from './testing/state-space.ts';
import {
  desiredShape,
  execute,
  type RunResult,
  randomWalk,
  runFair,
  shapeProblem,
  steadyEnsemble,
  summary,
  updateMember,
} from './testing/walks.ts';
import type { Desired } from './types.ts';

const RANDOM_WALKS = 4000;
/** Every interleaving is explored for ensembles this small; larger ones by fair runs and random walks. */
const EXHAUSTIVE_MEMBERS = 3;

interface Exploration {
  fairRuns: number;
  fairSteps: number;
  walks: number;
  walkSteps: number;
  crashes: number;
  states: number;
  transitions: number;
  violations: Map<string, string[]>;
  notConverged: string[];
  ms: number;
}

function explore(): Exploration {
  const began = performance.now();
  const result: Exploration = {
    fairRuns: 0,
    fairSteps: 0,
    walks: 0,
    walkSteps: 0,
    crashes: 0,
    states: 0,
    transitions: 0,
    violations: new Map(INVARIANT_CHECKS.map((c) => [c.name, []])),
    notConverged: [],
    ms: 0,
  };
  const record = (where: string, desired: Desired, run: RunResult): void => {
    for (const v of run.violations) result.violations.get(v.check)?.push(`${where}: ${v.message}`);
    const problem = run.done ? shapeProblem(desired, run.end) : `stopped at ${summary(run.steps.slice(-1))}`;
    if (problem) result.notConverged.push(`${where}: ${problem}`);
  };
  const starts = explorationStarts();
  const targets = explorationTargets();
  for (const start of starts) {
    for (const desired of targets) {
      const run = runFair(desired, start.ensemble);
      result.fairRuns++;
      result.fairSteps += run.steps.length;
      record(`${start.name} -> ${desired.replicas}+${desired.observers} ${desired.version}`, desired, run);
    }
  }
  for (let i = 0; i < RANDOM_WALKS; i++) {
    const random = seeded(i);
    const start = starts[Math.floor(random() * starts.length)];
    const desired = targets[Math.floor(random() * targets.length)];
    if (!start || !desired) continue;
    const run = randomWalk(desired, start.ensemble, random, { ticks: 80, faults: 3 });
    result.walks++;
    result.walkSteps += run.steps.length;
    result.crashes += run.crashes;
    record(`walk ${i} from ${start.name}`, desired, run);
  }
  const space = exploreStateSpace(EXHAUSTIVE_MEMBERS, 1);
  result.states = space.states;
  result.transitions = space.transitions;
  for (const [check, found] of space.violations) result.violations.get(check)?.push(...found);
  result.notConverged.push(...space.notConverged);
  result.ms = performance.now() - began;
  return result;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

describe('engine invariants', () => {
  let exploration: Exploration;
  before(() => {
    exploration = explore();
  });

  const noViolations = (check: string): void => {
    const found = exploration.violations.get(check) ?? [];
    assert.deepEqual(found.slice(0, 5), [], `${found.length} violations of ${check}`);
  };

  it('explores every start of 1..7 members towards every target, every interleaving up to 3 members, and random walks', (t) => {
    t.diagnostic(
      `${exploration.fairRuns} fair runs (${exploration.fairSteps} steps); ` +
        `${exploration.states} states and ${exploration.transitions} step executions of up to ` +
        `${EXHAUSTIVE_MEMBERS} members with one fault; ${exploration.walks} random walks ` +
        `(${exploration.walkSteps} steps, ${exploration.crashes} of them repeated or interrupted); ` +
        `${Math.round(exploration.ms)} ms`,
    );
    assert.ok(exploration.fairRuns > 30000);
    assert.ok(exploration.states > 50000);
    assert.equal(exploration.walks, RANDOM_WALKS);
  });

  describe('1. never fewer than a quorum of committed voters serving; one member down on purpose', () => {
    it('invariant 1: no reachable step loses the quorum or takes a second member down', () =>
      noViolations('quorumKept'));

    it('invariant 1: a roll does not restart a member while another one is not synced', () => {
      const e = updateMember(steadyEnsemble(desiredShape(5), 1), 4, { synced: false });
      const step = nextStep(desiredShape(5, 0, { restartToken: 't2' }), observe(e));
      assert.equal(step.type, 'Wait');
    });

    it('invariant 1: a voter whose restart would break the quorum leaves the voters first', () => {
      const step = nextStep(
        desiredShape(2, 0, { restartToken: 't2' }),
        observe(steadyEnsemble(desiredShape(2), 1)),
      );
      assert.ok(step.type === 'Reconfigure');
      assert.deepEqual([step.kind, step.id], ['remove', 2]);
    });
  });

  describe('2. membership changes by conditional reconfig, one member at a time, verified by reading back', () => {
    it('invariant 2: every reconfig is from the observed version and changes one member', () =>
      noViolations('reconfigChecked'));

    it('invariant 2: a reconfig that lost a version race is planned again from the config read back', () => {
      const desired = desiredShape(4);
      const e = settle(
        applyStep(
          steadyEnsemble(desiredShape(3)),
          nextStep(desired, observe(steadyEnsemble(desiredShape(3)))),
          desired,
        ),
      );
      const add = nextStep(desired, observe(e));
      assert.ok(add.type === 'Reconfigure');
      const stale = { ...add, fromVersion: add.fromVersion - 1n };
      const unchanged = applyStep(e, stale, desired);
      assert.deepEqual(unchanged.committed, e.committed);
      assert.deepEqual(nextStep(desired, observe(unchanged)), add);
    });
  });

  describe('3. a joiner starts as observer (as participant when the new config needs its vote) with the committed config plus itself, added once synced; two joiners never listed as participants', () => {
    it('invariant 3: no reachable step starts a joiner otherwise, or lets two joiners in at once', () =>
      noViolations('joinersSafe'));

    it('invariant 3: from one voter the joiner lists itself as participant, the next ones as observers', () => {
      const run = runFair(desiredShape(5), steadyEnsemble(desiredShape(1)));
      assert.deepEqual(summary(run.steps), [
        'start 2',
        'add 2 participant',
        'start 3 observer',
        'add 3 participant',
        'start 4 observer',
        'add 4 participant',
        'start 5 observer',
        'add 5 participant',
        'Done',
      ]);
      assert.deepEqual(run.violations, []);
    });

    it('invariant 3: the second joiner starts only after the first was added', () => {
      const run = runFair(desiredShape(5), steadyEnsemble(desiredShape(3)));
      assert.deepEqual(summary(run.steps), [
        'start 4 observer',
        'add 4 participant',
        'start 5 observer',
        'add 5 participant',
        'Done',
      ]);
    });
  });

  describe('4. removed by reconfig before stopped; storage deleted after, as the policy says', () => {
    it('invariant 4: no reachable step stops a committed member or deletes storage early or against the policy', () =>
      noViolations('removedBeforeStopped'));

    it('invariant 4: a member that is not wanted but still committed is removed, not stopped', () => {
      const step = nextStep(desiredShape(3), observe(steadyEnsemble(desiredShape(4))));
      assert.ok(step.type === 'Reconfigure');
      assert.deepEqual([step.kind, step.id], ['remove', 4]);
    });
  });

  describe('5. rolls go followers first, leader last, one leader change by handoff; back means serving and synced', () => {
    it('invariant 5: no reachable roll restarts or demotes the leader before the other members', () =>
      noViolations('leaderLast'));

    it('invariant 5: a roll of 3 and of 5 voters changes the leader exactly once, by handoff', () => {
      for (const n of [3, 5]) {
        const run = runFair(desiredShape(n, 0, { restartToken: 't2' }), steadyEnsemble(desiredShape(n), 2));
        assert.equal(run.leaderChanges, 1, `${n} voters`);
        const demotions = run.steps.filter((s) => s.type === 'Reconfigure' && s.kind === 'demote');
        assert.deepEqual(
          demotions.map((s) => 'id' in s && s.id),
          [2],
          `${n} voters`,
        );
      }
    });

    it('invariant 5: a restarted member counts as back only when it serves and is synced', () => {
      const desired = desiredShape(3, 0, { restartToken: 't2' });
      const serving = updateMember(steadyEnsemble(desiredShape(3), 3), 1, {
        restartToken: 't2',
        synced: false,
      });
      assert.equal(nextStep(desired, observe(serving)).type, 'Wait');
      const back = updateMember(serving, 1, { synced: true });
      assert.deepEqual(summary([nextStep(desired, observe(back))]), ['RestartMember 2']);
    });
  });

  describe('6. status reads never change the ensemble', () => {
    it('invariant 6: planning and describing leave a frozen observation as it was and answer the same', () => {
      for (const [desired, e] of [
        [desiredShape(5), steadyEnsemble(desiredShape(3))],
        [desiredShape(3, 0, { restartToken: 't2' }), steadyEnsemble(desiredShape(3))],
        [desiredShape(3), updateMember(steadyEnsemble(desiredShape(3)), 2, { running: false })],
      ] as const) {
        const observation = deepFreeze(observe(e));
        const frozenDesired = deepFreeze({ ...desired });
        const first = plan(frozenDesired, observation);
        assert.deepEqual(
          describeOperation(frozenDesired, observation),
          describeOperation(frozenDesired, observation),
        );
        assert.deepEqual(plan(frozenDesired, observation), first);
        assert.deepEqual(observation, observe(e));
      }
    });
  });

  describe('7. every step is idempotent and resumable', () => {
    it('invariant 7: steps repeated or interrupted by a crash break nothing in any random walk', () => {
      assert.ok(exploration.crashes > 1000);
      const repeated = [...exploration.violations.values()].flat().filter((v) => v.includes('repeated: '));
      assert.deepEqual(repeated.slice(0, 5), []);
      for (const check of INVARIANT_CHECKS) noViolations(check.name);
      assert.deepEqual(exploration.notConverged.slice(0, 5), []);
    });

    it('invariant 7: killing zkop after any step of a scale or a roll and resuming reaches the same end', () => {
      const cases: [Desired, ReturnType<typeof steadyEnsemble>][] = [
        [desiredShape(5), steadyEnsemble(desiredShape(3))],
        [desiredShape(3), steadyEnsemble(desiredShape(5), 5)],
        [desiredShape(3, 1, { restartToken: 't2' }), steadyEnsemble(desiredShape(3, 1), 2)],
      ];
      for (const [desired, start] of cases) {
        const length = runFair(desired, start).steps.length;
        for (let k = 0; k < length; k++) {
          for (const crash of [{ interrupted: true }, { twice: true }]) {
            let e = settle(start);
            for (let i = 0; i < k; i++) e = settle(execute(desired, e).next);
            const crashed = execute(desired, e, crash);
            assert.deepEqual(crashed.violations, []);
            const resumed = runFair(desired, crashed.next);
            assert.equal(resumed.done, true, `crash ${JSON.stringify(crash)} at step ${k}`);
            assert.equal(shapeProblem(desired, resumed.end), undefined);
          }
        }
      }
    });
  });

  it('liveness: every fair run and every walk ends Done with the desired shape', () => {
    assert.deepEqual(
      exploration.notConverged.slice(0, 5),
      [],
      `${exploration.notConverged.length} did not converge`,
    );
  });
});
