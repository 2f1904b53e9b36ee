import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { plan } from './plan.ts';
import { observe } from './testing/simulated-ensemble.ts';
import { desiredShape, runFair, steadyEnsemble, summary, updateMember } from './testing/walks.ts';

const stale = { addressStale: 'its plain client address is 0.0.0.0, loopback once it serves TLS' };

describe('rewriting members’ lines', () => {
  it('rewrites each stale line by a reconfig that keeps its role, the leader last, with no leader change', () => {
    const shape = desiredShape(3, 1);
    let all = steadyEnsemble(shape, 2);
    for (const id of [1, 2, 3, 4]) all = updateMember(all, id, stale);
    const run = runFair(shape, all);
    assert.deepEqual(summary(run.steps), [
      'readdress 4 observer',
      'readdress 1 participant',
      'readdress 3 participant',
      'readdress 2 participant',
      'Done',
    ]);
    assert.deepEqual(run.violations, []);
    assert.equal(run.leaderChanges, 0);
    const start = all.members[0]?.config.version ?? 0n;
    const versions = run.end.members.map((m) => m.config.version);
    assert.ok(versions.every((v) => v === versions[0] && v > start));
  });

  it('waits for an unsettled member first, and rewrites before it rolls', () => {
    const shape = desiredShape(3);
    const settledThree = updateMember(steadyEnsemble(shape, 1), 3, stale);
    const unsettled = updateMember(settledThree, 2, { synced: false });
    const waiting = plan(shape, observe(unsettled)).step;
    assert.equal(waiting.type, 'Wait');
    assert.match(waiting.type === 'Wait' ? waiting.reason : '', /^member 2 to sync with the leader before: /);

    const restarted = desiredShape(3, 0, { restartToken: 't2' });
    const run = runFair(restarted, settledThree);
    assert.equal(summary(run.steps)[0], 'readdress 3 participant');
    assert.equal(run.done, true);
  });
});
