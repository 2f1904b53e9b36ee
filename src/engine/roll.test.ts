import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { plan } from './plan.ts';
import { observe } from './testing/simulated-ensemble.ts';
import {
  desiredShape,
  NEW_VERSION,
  runFair,
  shapeProblem,
  steadyEnsemble,
  summary,
  updateMember,
} from './testing/walks.ts';

const restarted = (replicas: number, observers = 0) =>
  desiredShape(replicas, observers, { restartToken: 't2' });

describe('rolling restart', () => {
  it('goes observers, followers, then the leader by handoff: demote, restart, promote', () => {
    const run = runFair(restarted(3, 1), steadyEnsemble(desiredShape(3, 1), 2));
    assert.deepEqual(summary(run.steps), [
      'RestartMember 4',
      'RestartMember 1',
      'RestartMember 3',
      'demote 2 observer',
      'RestartMember 2',
      'promote 2 participant',
      'Done',
    ]);
    assert.equal(run.leaderChanges, 1);
    assert.equal(shapeProblem(restarted(3, 1), run.end), undefined);
  });

  it('rolls members the platform needs restarted in the same order, and only those', () => {
    const shape = desiredShape(3, 1);
    const grow = { restartNeeded: 'its volume grows when it starts' };
    let all = steadyEnsemble(shape, 2);
    for (const id of [1, 2, 3, 4]) all = updateMember(all, id, grow);
    const run = runFair(shape, all);
    assert.deepEqual(summary(run.steps), [
      'RestartMember 4',
      'RestartMember 1',
      'RestartMember 3',
      'demote 2 observer',
      'RestartMember 2',
      'promote 2 participant',
      'Done',
    ]);
    assert.equal(run.leaderChanges, 1);
    const first = plan(shape, observe(all)).step;
    assert.equal(
      first.type === 'RestartMember' && first.reason,
      'restart member 4: its volume grows when it starts',
    );

    const one = runFair(shape, updateMember(steadyEnsemble(shape, 2), 3, grow));
    assert.deepEqual(summary(one.steps), ['RestartMember 3', 'Done']);
  });

  it('falls back to a plain leader-last restart when handoff is off', () => {
    const desired = desiredShape(3, 0, { restartToken: 't2', leaderHandoff: false });
    const run = runFair(desired, steadyEnsemble(desiredShape(3), 1));
    assert.deepEqual(summary(run.steps), ['RestartMember 2', 'RestartMember 3', 'RestartMember 1', 'Done']);
    assert.equal(run.leaderChanges, 1);
  });

  it('makes one leader change at most for every ensemble of 1 to 7 voters', () => {
    for (let n = 1; n <= 7; n++) {
      for (let leader = 1; leader <= n; leader++) {
        const run = runFair(restarted(n), steadyEnsemble(desiredShape(n), leader));
        assert.equal(run.done, true, `${n} voters, leader ${leader}`);
        assert.ok(
          run.leaderChanges <= 1,
          `${n} voters, leader ${leader}: ${run.leaderChanges} leader changes`,
        );
      }
    }
  });

  it('restarts the next member only when the previous one serves and is synced', () => {
    const e = updateMember(steadyEnsemble(desiredShape(3), 3), 1, { restartToken: 't2', synced: false });
    const next = plan(restarted(3), observe(e));
    assert.deepEqual(next, {
      operation: 'Restart',
      step: {
        type: 'Wait',
        reason: 'member 1 to sync with the leader before: restart member 2 as requested',
      },
    });
  });

  it('removes a voter first when restarting it alone would break quorum (two voters), then adds it back', () => {
    // A demoted member could not be promoted back: the one voter left needs its acknowledgement.
    const run = runFair(restarted(2), steadyEnsemble(desiredShape(2), 1));
    assert.deepEqual(summary(run.steps), [
      'remove 2',
      'RestartMember 2',
      'add 2 participant',
      'remove 1',
      'RestartMember 1',
      'add 1 participant',
      'Done',
    ]);
    assert.equal(run.leaderChanges, 1);
    const rejoin = run.steps.find((s) => s.type === 'RestartMember');
    assert.deepEqual(rejoin?.type === 'RestartMember' && rejoin.config.members.find((m) => m.id === 2), {
      id: 2,
      role: 'participant',
    });
  });

  it('restarts a single voter in place: there is no one to hand off to', () => {
    const run = runFair(restarted(1), steadyEnsemble(desiredShape(1)));
    assert.deepEqual(summary(run.steps), ['RestartMember 1', 'Done']);
    const step = run.steps[0];
    assert.match(step && 'reason' in step ? step.reason : '', /the only voter: service pauses/);
  });

  it('upgrades with the same roll and reports it as an upgrade', () => {
    const desired = desiredShape(3, 0, { version: NEW_VERSION });
    const e = steadyEnsemble(desiredShape(3), 1);
    assert.equal(plan(desired, observe(e)).operation, 'Upgrade');
    const run = runFair(desired, e);
    assert.deepEqual(summary(run.steps), [
      'RestartMember 2',
      'RestartMember 3',
      'demote 1 observer',
      'RestartMember 1',
      'promote 1 participant',
      'Done',
    ]);
    assert.ok(run.end.members.every((m) => m.version === NEW_VERSION));
  });

  it('refuses an upgrade that skips a minor version', () => {
    const e = steadyEnsemble(desiredShape(3, 0, { version: '3.7.2' }));
    const skipping = plan(desiredShape(3, 0, { version: NEW_VERSION }), observe(e));
    assert.equal(skipping.operation, 'Refused');
    assert.match(
      skipping.step.type === 'Refuse' ? skipping.step.reason : '',
      /3\.7\.2 to 3\.9\.4 skips a minor/,
    );
    assert.equal(plan(desiredShape(3, 0, { version: '3.8.4' }), observe(e)).operation, 'Upgrade');
  });
});
