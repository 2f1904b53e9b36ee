/**
 * Quorum SASL turned on and off in a running ensemble: three rolls each, one stage per roll, every
 * member finishing a stage before any starts the next, resumable, together with quorum TLS.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { QuorumSaslStage } from '../config/auth-stage.ts';
import { describeOperation } from './describe-operation.ts';
import { quorumSaslTarget } from './quorum-sasl.ts';
import { observe } from './testing/simulated-ensemble.ts';
import { desiredShape, runFair, shapeProblem, steadyEnsemble, updateMember } from './testing/walks.ts';
import type { MemberObservation, Step } from './types.ts';

const off = desiredShape(3);
const on = desiredShape(3, 0, { quorumSasl: 'servers-require' });

function stagesByMember(steps: readonly Step[]): Map<number, QuorumSaslStage[]> {
  const stages = new Map<number, QuorumSaslStage[]>();
  for (const step of steps) {
    if (step.type === 'RestartMember') stages.set(step.id, [...(stages.get(step.id) ?? []), step.quorumSasl]);
  }
  return stages;
}

const member = (quorumSasl: QuorumSaslStage, running = true) =>
  ({ running, quorumSasl }) as MemberObservation;

describe('quorum SASL stages', () => {
  it('the stage of the moment is one step from the running members towards the desired one', () => {
    const target = (stages: MemberObservation[], desired = on) => quorumSaslTarget(desired, stages);
    assert.equal(target([]), 'servers-require', 'a new ensemble starts at the desired stage');
    assert.equal(target([member('off'), member('off')]), 'enabled');
    assert.equal(target([member('enabled'), member('off')]), 'enabled', 'finish stage 1 first');
    assert.equal(target([member('enabled'), member('enabled')]), 'learners-require');
    assert.equal(target([member('servers-require'), member('off', false)]), 'servers-require');
    assert.equal(target([member('servers-require'), member('servers-require')], off), 'learners-require');
  });

  it('turning it on takes three rolls, one stage each, every member before any goes further', () => {
    const run = runFair(on, steadyEnsemble(off, 2));
    assert.deepEqual(run.violations, []);
    for (const id of [1, 2, 3])
      assert.deepEqual(stagesByMember(run.steps).get(id), ['enabled', 'learners-require', 'servers-require']);
    const order: QuorumSaslStage[] = ['off', 'enabled', 'learners-require', 'servers-require'];
    const at = new Map([1, 2, 3].map((id) => [id, 0]));
    for (const step of run.steps) {
      if (step.type !== 'RestartMember') continue;
      const next = order.indexOf(step.quorumSasl);
      assert.ok(Math.min(...at.values()) >= next - 1, `member ${step.id} went to ${step.quorumSasl} early`);
      at.set(step.id, next);
    }
    assert.equal(shapeProblem(on, run.end), undefined);
  });

  it('turning it off goes back through the same stages', () => {
    const run = runFair(off, steadyEnsemble(on, 1));
    assert.deepEqual(run.violations, []);
    for (const id of [1, 2, 3])
      assert.deepEqual(stagesByMember(run.steps).get(id), ['learners-require', 'enabled', 'off']);
  });

  it('with quorum TLS turned on at once, each restart moves both one stage', () => {
    const both = desiredShape(3, 0, { quorumSasl: 'servers-require', quorumTls: 'tls' });
    const run = runFair(both, steadyEnsemble(off, 2));
    assert.deepEqual(run.violations, []);
    assert.equal(shapeProblem(both, run.end), undefined);
    assert.equal(run.steps.filter((s) => s.type === 'RestartMember').length, 9);
  });

  it('status says which stage and which member', () => {
    const one = updateMember(steadyEnsemble(off, 2), 1, { quorumSasl: 'enabled' });
    assert.match(
      describeOperation(on, observe(one)).step,
      /auth: quorum SASL stage 1 of 3: learners authenticate \(quorum\.auth\.enableSasl\), restart member 3$/,
    );
  });
});
