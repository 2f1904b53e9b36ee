import assert from 'node:assert/strict';
import { it, describe as suite } from 'node:test';
import { describeOperation, memberOfStep } from './describe-operation.ts';
import { nextStep } from './plan.ts';
import { observe } from './testing/simulated-ensemble.ts';
import { desiredShape, NEW_VERSION, steadyEnsemble, updateMember } from './testing/walks.ts';

suite('describeOperation', () => {
  it('names the operation, the step and why', () => {
    const e = steadyEnsemble(desiredShape(3));
    assert.deepEqual(describeOperation(desiredShape(4), observe(e)), {
      type: 'Scale',
      step: 'start member 4 as observer: start member 4 as a joiner',
      waitingFor: '',
    });
    assert.deepEqual(describeOperation(desiredShape(3, 0, { version: NEW_VERSION }), observe(e)), {
      type: 'Upgrade',
      step: 'restart member 2: upgrade member 2 from 3.8.4 to 3.9.4',
      waitingFor: '',
    });
  });

  it('says what a waiting operation waits for', () => {
    const e = updateMember(steadyEnsemble(desiredShape(3)), 3, { synced: false });
    assert.deepEqual(describeOperation(desiredShape(3, 0, { restartToken: 't2' }), observe(e)), {
      type: 'Restart',
      step: 'wait',
      waitingFor: 'member 3 to sync with the leader before: restart member 2 as requested',
    });
  });

  it('is idle when there is nothing to do', () => {
    assert.deepEqual(describeOperation(desiredShape(3), observe(steadyEnsemble(desiredShape(3)))), {
      type: 'Idle',
      step: '',
      waitingFor: '',
    });
  });

  it('names the member the next step acts on', () => {
    const e = steadyEnsemble(desiredShape(3));
    assert.equal(memberOfStep(nextStep(desiredShape(4), observe(e))), 4);
    assert.equal(memberOfStep(nextStep(desiredShape(3), observe(e))), undefined);
  });
});
