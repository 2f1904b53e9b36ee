/**
 * Quorum TLS turned on and off in a running ensemble: three rolls each, one stage per roll, followers
 * first and the leader last by handoff in each, resumable at the right stage, never two stages apart.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeOperation } from './describe-operation.ts';
import { quorumTlsTarget } from './quorum-tls.ts';
import { observe } from './testing/simulated-ensemble.ts';
import {
  desiredShape,
  execute,
  runFair,
  shapeProblem,
  steadyEnsemble,
  summary,
  updateMember,
} from './testing/walks.ts';
import type { MemberObservation, QuorumTlsStage, Step } from './types.ts';

const plain = desiredShape(3);
const secured = desiredShape(3, 0, { quorumTls: 'tls' });

/** The stage each restart of `run` started its member at, by member. */
function stagesByMember(steps: readonly Step[]): Map<number, QuorumTlsStage[]> {
  const stages = new Map<number, QuorumTlsStage[]>();
  for (const step of steps) {
    if (step.type === 'RestartMember') stages.set(step.id, [...(stages.get(step.id) ?? []), step.quorumTls]);
  }
  return stages;
}

const member = (quorumTls: QuorumTlsStage, running = true) => ({ running, quorumTls }) as MemberObservation;

describe('quorum TLS stages', () => {
  it('the stage of the moment is one step from the running members towards the desired one', () => {
    const target = (stages: MemberObservation[], desired = secured) => quorumTlsTarget(desired, stages);
    assert.equal(target([]), 'tls', 'a new ensemble starts at the desired stage');
    assert.equal(target([member('plaintext'), member('plaintext')]), 'accept-tls');
    assert.equal(target([member('accept-tls'), member('plaintext')]), 'accept-tls', 'finish stage 1 first');
    assert.equal(target([member('accept-tls'), member('accept-tls')]), 'dial-tls');
    assert.equal(target([member('dial-tls'), member('tls')]), 'tls');
    assert.equal(target([member('tls'), member('plaintext', false)]), 'tls', 'stopped members do not count');
    assert.equal(target([member('tls'), member('tls')], plain), 'dial-tls');
    assert.equal(target([member('accept-tls'), member('dial-tls')], plain), 'accept-tls');
    assert.equal(target([member('plaintext'), member('plaintext')], plain), 'plaintext');
  });

  it('turning it on takes three rolls, one stage each, with one leader change (by handoff) per roll', () => {
    const run = runFair(secured, steadyEnsemble(plain, 2));
    assert.deepEqual(run.violations, []);
    for (const id of [1, 2, 3])
      assert.deepEqual(stagesByMember(run.steps).get(id), ['accept-tls', 'dial-tls', 'tls']);
    assert.deepEqual(
      run.steps.filter((s) => s.type === 'Reconfigure').map((s) => summary([s])[0]),
      [
        'demote 2 observer',
        'promote 2 participant',
        'demote 1 observer',
        'promote 1 participant',
        'demote 2 observer',
        'promote 2 participant',
      ],
    );
    assert.equal(run.leaderChanges, 3);
    assert.equal(shapeProblem(secured, run.end), undefined);
  });

  it('no member starts a stage before every member finished the one before', () => {
    const run = runFair(secured, steadyEnsemble(plain, 2));
    const at = new Map([1, 2, 3].map((id) => [id, 0]));
    const order: QuorumTlsStage[] = ['plaintext', 'accept-tls', 'dial-tls', 'tls'];
    for (const step of run.steps) {
      if (step.type !== 'RestartMember') continue;
      const next = order.indexOf(step.quorumTls);
      assert.ok(Math.min(...at.values()) >= next - 1, `member ${step.id} went to ${step.quorumTls} early`);
      at.set(step.id, next);
    }
  });

  it('turning it off goes back through the same stages', () => {
    const run = runFair(plain, steadyEnsemble(secured, 1));
    assert.deepEqual(run.violations, []);
    for (const id of [1, 2, 3])
      assert.deepEqual(stagesByMember(run.steps).get(id), ['dial-tls', 'accept-tls', 'plaintext']);
    assert.equal(shapeProblem(plain, run.end), undefined);
  });

  it('a roll cut short resumes at the stage the members are at, not the next one', () => {
    const half = updateMember(steadyEnsemble(plain, 2), 1, { quorumTls: 'accept-tls' });
    const run = runFair(secured, half);
    assert.deepEqual(run.violations, []);
    assert.deepEqual(stagesByMember(run.steps).get(1), ['dial-tls', 'tls']);
    assert.deepEqual(stagesByMember(run.steps).get(3), ['accept-tls', 'dial-tls', 'tls']);
  });

  it('a member down during a stage is started at the stage of the moment, then the roll goes on', () => {
    const down = updateMember(steadyEnsemble(plain, 2), 3, { running: false, serving: false, synced: false });
    const first = execute(secured, down);
    assert.equal(first.step.type, 'StartMember');
    assert.ok(first.step.type === 'StartMember' && first.step.options.quorumTls === 'accept-tls');
    assert.deepEqual(first.violations, []);
  });

  it('status says which stage and which member', () => {
    const halfway = updateMember(updateMember(steadyEnsemble(plain, 2), 1, { quorumTls: 'accept-tls' }), 3, {
      quorumTls: 'accept-tls',
    });
    const twoDone = [1, 2, 3].reduce((e, id) => updateMember(e, id, { quorumTls: 'accept-tls' }), halfway);
    assert.match(
      describeOperation(secured, observe(twoDone)).step,
      /^restart member 1: tls: quorum stage 2 of 3: sslQuorum on, restart member 1$/,
    );
    assert.match(
      describeOperation(secured, observe(halfway)).step,
      /tls: quorum stage 1 of 3: portUnification on/,
    );
  });
});
