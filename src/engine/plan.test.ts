import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nextStep, plan } from './plan.ts';
import { observe } from './testing/simulated-ensemble.ts';
import { desiredShape, steadyEnsemble } from './testing/walks.ts';

describe('plan', () => {
  it('is done when the ensemble has the desired shape', () => {
    assert.deepEqual(plan(desiredShape(3, 1), observe(steadyEnsemble(desiredShape(3, 1)))), {
      operation: 'Idle',
      step: { type: 'Done' },
    });
  });

  it('is not done while a member a reconfig promoted or demoted still serves in its old role', () => {
    const shape = desiredShape(3, 1);
    const steady = observe(steadyEnsemble(shape));
    const stale = (id: number, mode: 'observer' | 'follower') => ({
      ...steady,
      members: steady.members.map((m) => (m.id === id ? { ...m, mode } : m)),
    });
    const promoted = plan(shape, stale(3, 'observer'));
    assert.equal(promoted.step.type, 'Wait');
    assert.match(
      promoted.step.type === 'Wait' ? promoted.step.reason : '',
      /member 3 to serve as participant/,
    );
    const demoted = plan(shape, stale(4, 'follower'));
    assert.match(demoted.step.type === 'Wait' ? demoted.step.reason : '', /member 4 to serve as observer/);
  });

  it('refuses an ensemble without voters', () => {
    const step = nextStep(desiredShape(0), observe(steadyEnsemble(desiredShape(3))));
    assert.deepEqual(step, {
      type: 'Refuse',
      reason: 'replicas must be a whole number of at least 1 (got 0): an ensemble needs a voter',
    });
  });

  it('refuses a negative or fractional number of members', () => {
    assert.equal(nextStep(desiredShape(3, -1), observe(steadyEnsemble(desiredShape(3)))).type, 'Refuse');
    assert.equal(nextStep(desiredShape(2.5), observe(steadyEnsemble(desiredShape(3)))).type, 'Refuse');
  });

  it('only waits while paused, even with work to do', () => {
    const p = plan(desiredShape(5, 0, { paused: true }), observe(steadyEnsemble(desiredShape(3))));
    assert.deepEqual(p, {
      operation: 'Paused',
      step: { type: 'Wait', reason: 'reconciliation is paused (spec.paused): set it to false to resume' },
    });
  });
});
