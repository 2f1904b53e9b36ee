import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nextStep } from './plan.ts';
import { joinerConfig } from './situation.ts';
import { applyStep, observe } from './testing/simulated-ensemble.ts';
import {
  desiredShape,
  runFair,
  shapeProblem,
  steadyEnsemble,
  summary,
  updateMember,
  withJoiner,
} from './testing/walks.ts';

describe('scale up', () => {
  it('adds one member at a time: start as joiner, then add as participant', () => {
    const run = runFair(desiredShape(3), steadyEnsemble(desiredShape(1)));
    assert.deepEqual(summary(run.steps), [
      'start 2',
      'add 2 participant',
      'start 3 observer',
      'add 3 participant',
      'Done',
    ]);
    assert.equal(shapeProblem(desiredShape(3), run.end), undefined);
  });

  it('grows one voter to two with a joiner listing itself as participant: its vote is needed', () => {
    const e = steadyEnsemble(desiredShape(1));
    const step = nextStep(desiredShape(3), observe(e));
    assert.ok(step.type === 'StartMember');
    assert.equal(step.options.asObserver, false);
    // No version: it adopts the leader's config on first contact and follows it without a vote.
    assert.deepEqual(step.options.config, {
      version: 0n,
      members: [
        { id: 1, role: 'participant' },
        { id: 2, role: 'participant' },
      ],
    });
  });

  it('the simulated ensemble refuses to add a second voter that joined as an observer', () => {
    // ZooKeeper counts acknowledgements of the new config only from followers; an observer sends none.
    const desired = desiredShape(2);
    const one = steadyEnsemble(desiredShape(1));
    assert.ok(one.committed);
    const asParticipant = withJoiner(one, 2, desired, {
      config: joinerConfig(one.committed, 2, 'participant'),
    });
    const asObserver = withJoiner(one, 2, desired);
    const add = nextStep(desired, observe(asParticipant));
    assert.ok(add.type === 'Reconfigure' && add.kind === 'add');
    assert.deepEqual(applyStep(asObserver, add, desired).committed, one.committed);
    assert.deepEqual(applyStep(asParticipant, add, desired).committed?.members, [
      { id: 1, role: 'participant' },
      { id: 2, role: 'participant' },
    ]);
  });

  it('restarts a joiner that lists itself in the wrong role, even while it serves, and never promotes it', () => {
    const desired = desiredShape(2);
    const observerJoiner = withJoiner(steadyEnsemble(desiredShape(1)), 2, desired);
    const step = nextStep(desired, observe(observerJoiner));
    assert.ok(step.type === 'RestartMember');
    assert.deepEqual(
      step.config.members.find((m) => m.id === 2),
      { id: 2, role: 'participant' },
    );
    assert.deepEqual(summary(runFair(desired, observerJoiner).steps), [
      'RestartMember 2',
      'add 2 participant',
      'Done',
    ]);
    const two = steadyEnsemble(desiredShape(2));
    assert.ok(two.committed);
    const participantJoiner = withJoiner(two, 3, desiredShape(3), {
      config: joinerConfig(two.committed, 3, 'participant'),
    });
    assert.deepEqual(summary([nextStep(desiredShape(3), observe(participantJoiner))]), ['RestartMember 3']);
  });

  it("promotes a lone voter's observer by removing it and adding it back as a participant", () => {
    const run = runFair(desiredShape(3), steadyEnsemble(desiredShape(1, 1)));
    assert.deepEqual(summary(run.steps), [
      'remove 2',
      'add 2 participant',
      'start 3 observer',
      'add 3 participant',
      'Done',
    ]);
    assert.equal(shapeProblem(desiredShape(3), run.end), undefined);
  });

  it('starts a joiner with the committed config plus itself as observer', () => {
    const e = steadyEnsemble(desiredShape(3));
    const step = nextStep(desiredShape(4), observe(e));
    assert.equal(step.type, 'StartMember');
    assert.ok(step.type === 'StartMember');
    assert.deepEqual(step.options.config, {
      version: e.committed?.version,
      members: [
        { id: 1, role: 'participant' },
        { id: 2, role: 'participant' },
        { id: 3, role: 'participant' },
        { id: 4, role: 'observer' },
      ],
    });
  });

  it('waits for the joiner to sync before adding it', () => {
    const e = steadyEnsemble(desiredShape(3));
    const started = withJoiner(e, 4, desiredShape(4), { serving: false, synced: false });
    const step = nextStep(desiredShape(4), observe(started));
    assert.equal(step.type, 'Wait');
    assert.match(step.type === 'Wait' ? step.reason : '', /member 4 to sync with the leader/);
  });

  it('adds the synced joiner by a reconfig from the observed config version', () => {
    const e = steadyEnsemble(desiredShape(3));
    const joined = withJoiner(e, 4, desiredShape(4));
    assert.deepEqual(nextStep(desiredShape(4), observe(joined)), {
      type: 'Reconfigure',
      kind: 'add',
      id: 4,
      role: 'participant',
      fromVersion: e.committed?.version,
      reason: 'add member 4 to the ensemble as participant',
    });
  });

  it('does not start a joiner while a member is not synced', () => {
    const e = updateMember(steadyEnsemble(desiredShape(3)), 2, { synced: false });
    const step = nextStep(desiredShape(5), observe(e));
    assert.equal(step.type, 'Wait');
    assert.match(
      step.type === 'Wait' ? step.reason : '',
      /member 2 to sync with the leader before: start member 4/,
    );
  });

  it('adds observers as observers and grows 3+2 to 5+2 by promoting the old observers', () => {
    assert.deepEqual(summary(runFair(desiredShape(3, 2), steadyEnsemble(desiredShape(3))).steps), [
      'start 4 observer',
      'add 4 observer',
      'start 5 observer',
      'add 5 observer',
      'Done',
    ]);
    assert.deepEqual(summary(runFair(desiredShape(5, 2), steadyEnsemble(desiredShape(3, 2))).steps), [
      'promote 4 participant',
      'promote 5 participant',
      'start 6 observer',
      'add 6 observer',
      'start 7 observer',
      'add 7 observer',
      'Done',
    ]);
  });
});
