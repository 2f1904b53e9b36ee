/** inspect() and the AdminServer client against a real ensemble, healthy and with a member down. */

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { adminCommand } from '../../src/zk/admin.ts';
import { parseConfiguration, parseLeader, parseMonitor, parseVotingView } from '../../src/zk/admin-parse.ts';
import { inspect } from '../../src/zk/inspect.ts';
import { startEnsemble, type TestEnsemble } from '../support/ensemble.ts';

describe('inspect and the AdminServer client', () => {
  let zk: TestEnsemble;
  const targets = () =>
    zk.members.map((m) => ({
      id: m.id,
      host: '127.0.0.1',
      clientPort: m.clientPort,
      adminPort: m.adminPort,
    }));

  before(async () => {
    zk = await startEnsemble({ members: 3, observers: 1 });
  });
  after(async () => {
    await zk?.stop();
  });

  it('observes a healthy ensemble: one leader, everyone synced, the committed config', async () => {
    const o = await inspect(targets(), { timeoutMs: 5000 });
    assert.deepEqual(o.problems, []);
    assert.ok(o.leaderId !== undefined && o.leaderId <= 3);
    assert.equal(o.committedConfig?.source, 'zookeeper-config');
    assert.deepEqual(
      o.committedConfig?.members.map((m) => [m.id, m.role]),
      [
        [1, 'participant'],
        [2, 'participant'],
        [3, 'participant'],
        [4, 'observer'],
      ],
    );
    assert.deepEqual(o.leaderSync, {
      syncedFollowers: 2,
      syncedNonVotingFollowers: 0,
      syncedObservers: 1,
      quorumSize: 3,
    });
    for (const m of o.members) {
      assert.equal(m.reachable, true);
      assert.equal(m.serving, true);
      assert.equal(m.synced, true, `member ${m.id} synced`);
      assert.equal(m.version, zk.version);
      assert.equal(m.configVersion, o.committedConfig?.version);
      assert.equal(m.epoch, Number((m.zxid ?? 0n) >> 32n));
      assert.ok((m.clientConnections ?? 0) >= 1);
      assert.deepEqual(m.problems, []);
    }
    assert.deepEqual(o.members.map((m) => m.mode).sort(), ['follower', 'follower', 'leader', 'observer']);
  });

  it('observes a stopped member as unreachable and the rest as serving', async () => {
    const stopped = zk.members.find((m) => m.role === 'participant' && m.id !== undefined);
    assert.ok(stopped);
    await zk.stopMember(stopped.id);
    try {
      await zk.waitForQuorum();
      const o = await inspect(targets(), { timeoutMs: 5000 });
      const down = o.members.find((m) => m.id === stopped.id);
      assert.deepEqual([down?.reachable, down?.mode, down?.synced], [false, 'unreachable', false]);
      // Refused as a rule; under load the port can already belong to someone else who resets.
      assert.ok(
        ['connect', 'reset', 'timeout'].includes(down?.problems[0]?.kind ?? ''),
        JSON.stringify(down?.problems),
      );
      assert.equal(o.members.filter((m) => m.serving).length, 3);
      assert.ok(o.leaderId !== undefined && o.leaderId !== stopped.id);
    } finally {
      await zk.startMember(stopped.id);
    }
  });

  it('reads monitor, leader, voting_view and configuration from the AdminServer', async () => {
    const o = await inspect(targets(), { timeoutMs: 5000, readCommittedConfig: false });
    const leader = zk.members.find((m) => m.id === o.leaderId);
    assert.ok(leader);
    const ask = (name: 'monitor' | 'leader' | 'voting_view' | 'configuration') =>
      adminCommand('127.0.0.1', leader.adminPort, name, { timeoutMs: 10_000 });
    const monitor = parseMonitor(await ask('monitor'));
    assert.ok(monitor.serving);
    assert.equal(monitor.serverState, 'leader');
    assert.equal(monitor.leader?.syncedObservers, 1);
    const who = parseLeader(await ask('leader'));
    assert.deepEqual(who, { serving: true, isLeader: true, leaderId: leader.id, leaderIp: '127.0.0.1' });
    const view = parseVotingView(await ask('voting_view'));
    assert.ok(view.serving);
    // The voting view lists the members that vote: observers are not in it.
    assert.deepEqual(
      view.members.map((m) => [m.id, m.role, m.clientPort]),
      zk.members.filter((m) => m.role === 'participant').map((m) => [m.id, 'participant', m.clientPort]),
    );
    const conf = parseConfiguration(await ask('configuration'));
    assert.equal(conf.serverId, leader.id);
    assert.equal(conf.clientPort, leader.clientPort);
  });
});
