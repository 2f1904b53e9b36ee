import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nextStep } from './plan.ts';
import { observe } from './testing/simulated-ensemble.ts';
import {
  desiredShape,
  runFair,
  shapeProblem,
  steadyEnsemble,
  summary,
  updateMember,
} from './testing/walks.ts';

describe('scale down', () => {
  it('removes by reconfig, the leader last, then stops from the highest id down, then deletes storage', () => {
    const run = runFair(desiredShape(3), steadyEnsemble(desiredShape(5), 5));
    assert.deepEqual(summary(run.steps), [
      'remove 4',
      'remove 5',
      'StopMember 5',
      'StopMember 4',
      'DeleteStorage 4',
      'DeleteStorage 5',
      'Done',
    ]);
    assert.equal(run.leaderChanges, 1);
    assert.equal(shapeProblem(desiredShape(3), run.end), undefined);
  });

  it('keeps storage when the policy retains it', () => {
    const desired = desiredShape(1, 0, { removedStorage: 'retain' });
    const run = runFair(desired, steadyEnsemble(desiredShape(3)));
    assert.deepEqual(summary(run.steps), ['remove 3', 'StopMember 3', 'remove 2', 'StopMember 2', 'Done']);
    assert.deepEqual(
      run.end.members.map((m) => [m.id, m.storage]),
      [
        [1, 'data'],
        [2, 'data'],
        [3, 'data'],
      ],
    );
  });

  it('removes a member that is down before the healthy ones', () => {
    const e = updateMember(steadyEnsemble(desiredShape(5)), 5, {
      running: false,
      serving: false,
      synced: false,
    });
    const step = nextStep(desiredShape(3), observe(e));
    assert.ok(step.type === 'Reconfigure' && step.kind === 'remove');
    assert.equal(step.id, 5);
  });

  it('waits while a member that stays is not synced', () => {
    const e = updateMember(steadyEnsemble(desiredShape(5)), 2, { synced: false });
    const step = nextStep(desiredShape(3), observe(e));
    assert.equal(step.type, 'Wait');
    assert.match(
      step.type === 'Wait' ? step.reason : '',
      /member 2 to sync with the leader before: remove member 5/,
    );
  });

  it('removes observers before voters, the highest id first (a StatefulSet stops its last pod), and turns surplus voters into observers', () => {
    assert.deepEqual(summary(runFair(desiredShape(3, 0), steadyEnsemble(desiredShape(3, 2))).steps), [
      'remove 5',
      'StopMember 5',
      'DeleteStorage 5',
      'remove 4',
      'StopMember 4',
      'DeleteStorage 4',
      'Done',
    ]);
    assert.deepEqual(summary(runFair(desiredShape(3, 2), steadyEnsemble(desiredShape(5, 0), 5)).steps), [
      'demote 4 observer',
      'demote 5 observer',
      'Done',
    ]);
  });

  it('takes an ensemble 1 -> 3 -> 5 -> 3 -> 1 and observers 0 -> 2 -> 0, each stage ending in the wanted shape', () => {
    let e = steadyEnsemble(desiredShape(1));
    for (const [replicas, observers] of [
      [3, 0],
      [5, 0],
      [3, 0],
      [1, 0],
      [1, 2],
      [1, 0],
    ] as const) {
      const desired = desiredShape(replicas, observers);
      const run = runFair(desired, e);
      assert.equal(run.done, true, `${replicas}+${observers}`);
      assert.deepEqual(run.violations, []);
      assert.equal(shapeProblem(desired, run.end), undefined);
      e = run.end;
    }
  });
});
