import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nextStep, plan } from './plan.ts';
import { observe, type SimEnsemble, settleLeadership } from './testing/simulated-ensemble.ts';
import {
  desiredShape,
  runFair,
  shapeProblem,
  steadyEnsemble,
  summary,
  updateMember,
  withJoiner,
} from './testing/walks.ts';

const down = { running: false, serving: false, synced: false };

describe('heal', () => {
  it('starts a member that is down with the committed config', () => {
    const e = updateMember(steadyEnsemble(desiredShape(3)), 2, down);
    const step = nextStep(desiredShape(3), observe(e));
    assert.ok(step.type === 'StartMember');
    assert.deepEqual([step.id, step.options.asObserver, step.options.config], [2, false, e.committed]);
  });

  it('lets a member that lost its data rejoin as a new member with the same id', () => {
    const e = updateMember(steadyEnsemble(desiredShape(3)), 3, { ...down, storage: 'empty', dataLost: true });
    const run = runFair(desiredShape(3), e);
    assert.deepEqual(summary(run.steps), ['remove 3', 'start 3 observer', 'add 3 participant', 'Done']);
    assert.equal(shapeProblem(desiredShape(3), run.end), undefined);
  });

  it('restarts a member that holds another config than the committed one', () => {
    const e = steadyEnsemble(desiredShape(3));
    const stale = { version: 0x10000n, members: e.committed?.members ?? [] };
    const wrong = updateMember(e, 2, { serving: false, synced: false, config: stale });
    const step = nextStep(desiredShape(3), observe(wrong));
    assert.ok(step.type === 'RestartMember');
    assert.equal(step.id, 2);
    assert.deepEqual(step.config, e.committed);
    assert.match(step.reason, /holds config version 10000, not 100000000/);
  });

  it('restores a lost quorum by starting the voters that kept their data first', () => {
    let e: SimEnsemble = steadyEnsemble(desiredShape(3));
    e = updateMember(e, 1, { ...down, storage: 'empty', dataLost: true });
    e = settleLeadership(updateMember(e, 2, down));
    const p = plan(desiredShape(3), observe(e));
    assert.equal(p.operation, 'Heal');
    assert.ok(p.step.type === 'StartMember');
    assert.equal(p.step.id, 2);
  });

  it('waits, saying why, when only members that lost their data could restore the quorum', () => {
    let e: SimEnsemble = steadyEnsemble(desiredShape(3));
    e = updateMember(e, 1, { ...down, storage: 'empty', dataLost: true });
    e = settleLeadership(updateMember(e, 2, { ...down, storage: 'empty', dataLost: true }));
    const step = nextStep(desiredShape(3), observe(e));
    assert.deepEqual(step, {
      type: 'Wait',
      reason: 'a quorum: 0 of 3 voters serving, 2 needed; members 1, 2 lost their data and cannot count',
    });
  });

  it('finishes a join that a crash left half done', () => {
    const e = withJoiner(steadyEnsemble(desiredShape(3)), 4, desiredShape(4));
    const step = nextStep(desiredShape(4), observe(e));
    assert.ok(step.type === 'Reconfigure');
    assert.deepEqual([step.kind, step.id, step.role], ['add', 4, 'participant']);
  });

  it('rolls back a join that is no longer wanted: the joiner is stopped and its storage deleted', () => {
    const e = withJoiner(steadyEnsemble(desiredShape(3)), 4, desiredShape(4), {
      serving: false,
      synced: false,
    });
    const run = runFair(desiredShape(3), e);
    assert.deepEqual(summary(run.steps), ['StopMember 4', 'DeleteStorage 4', 'Done']);
  });

  it('finishes a leader handoff that a crash interrupted after the demotion', () => {
    const e = steadyEnsemble(desiredShape(3), 1);
    const committed = e.committed ?? { version: 0n, members: [] };
    const demoted = {
      version: committed.version + 1n,
      members: committed.members.map((m) => (m.id === 1 ? { ...m, role: 'observer' as const } : m)),
    };
    const run = runFair(desiredShape(3, 0, { restartToken: 't2' }), { ...e, committed: demoted, leader: 2 });
    assert.deepEqual(summary(run.steps).slice(0, 3), [
      'RestartMember 1',
      'promote 1 participant',
      'RestartMember 3',
    ]);
    assert.equal(run.done, true);
  });

  it('creates a new ensemble with every wanted member in one initial config', () => {
    const empty: SimEnsemble = { members: [], committed: undefined, recorded: undefined, leader: undefined };
    const first = plan(desiredShape(3, 1), observe(empty));
    assert.equal(first.operation, 'Create');
    assert.ok(first.step.type === 'StartMember');
    assert.deepEqual(first.step.options.config.members, [
      { id: 1, role: 'participant' },
      { id: 2, role: 'participant' },
      { id: 3, role: 'participant' },
      { id: 4, role: 'observer' },
    ]);
    const run = runFair(desiredShape(3, 1), empty);
    assert.equal(shapeProblem(desiredShape(3, 1), run.end), undefined);
  });

  it('does not guess the membership of members that hold data when no config is known', () => {
    const e = steadyEnsemble(desiredShape(3));
    const step = nextStep(
      desiredShape(3),
      observe({ ...e, committed: undefined, recorded: undefined, leader: undefined }),
    );
    assert.equal(step.type, 'Wait');
    assert.match(
      step.type === 'Wait' ? step.reason : '',
      /member 1 holds data but no ensemble config is known/,
    );
  });
});
