/** A real 3-member 3.9.4 ensemble from the test fixture: one leader, two followers, a killed member comes back. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { processState } from '../../src/platform/local/process/process.ts';
import { startEnsemble, type TestEnsemble } from '../support/ensemble.ts';
import { memberMode } from '../support/wait-for-ensemble.ts';

describe('test ensemble fixture (3.9.4, 3 members)', () => {
  let zk: TestEnsemble;
  before(async (t) => {
    const started = Date.now();
    zk = await startEnsemble({ members: 3, version: '3.9.4' });
    t.diagnostic(`3 members serving ${Date.now() - started} ms after startEnsemble`);
  });
  after(() => zk?.stop());

  const modes = () => Promise.all(zk.members.map((m) => memberMode(m.clientPort)));

  test('one leader and two followers', async () => {
    assert.deepEqual((await modes()).sort(), ['follower', 'follower', 'leader']);
    assert.equal(zk.connectString.split(',').length, 3);
  });

  test('the AdminServer and the metrics endpoint answer', async () => {
    const m = zk.members[0] ?? assert.fail();
    const admin = await fetch(`http://127.0.0.1:${m.adminPort}/commands/ruok`);
    assert.equal(admin.status, 200);
    const metrics = await (await fetch(`http://127.0.0.1:${m.metricsPort}/metrics`)).text();
    assert.match(metrics, /^quorum_size 3\.0$/m);
  });

  test('a killed member stops running; started again it rejoins and the ensemble serves', async (t) => {
    const victim = zk.members[1] ?? assert.fail();
    const pid = victim.pid ?? assert.fail('member 2 is running');
    await zk.killMember(victim.id);
    assert.notEqual(processState(pid), 'running', 'killed means not running (a zombie until reaped)');
    assert.equal(victim.pid, undefined);
    assert.notEqual(await memberMode(victim.clientPort), 'follower');
    const started = Date.now();
    await zk.startMember(victim.id);
    t.diagnostic(`member ${victim.id} serving again ${Date.now() - started} ms after start`);
    await zk.waitForQuorum();
    assert.deepEqual((await modes()).filter((m) => m === 'leader').length, 1);
    assert.ok(['leader', 'follower'].includes(await memberMode(victim.clientPort)));
  });
});
