import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  AdminParseError,
  parseConfiguration,
  parseLeader,
  parseMonitor,
  parseVotingView,
} from './admin-parse.ts';
import { fixture } from './testing/fixtures.ts';

const json = (name: string): Record<string, unknown> => JSON.parse(fixture('3.9.4', name));

describe('AdminServer parsers (3.9.4 answers)', () => {
  it('monitor reads like mntr, leader counters included', () => {
    const r = parseMonitor(json('leader-admin-monitor.json'));
    assert.ok(r.serving);
    assert.equal(r.serverState, 'leader');
    assert.equal(r.version, '3.9.4');
    assert.equal(r.leader?.syncedFollowers, 2);
    assert.equal(r.quorumSize, 3);
    const f = parseMonitor(json('follower-admin-monitor.json'));
    assert.ok(f.serving);
    assert.equal(f.serverState, 'follower');
    assert.equal(f.leader, undefined);
  });

  it('leader says who leads', () => {
    assert.deepEqual(parseLeader(json('leader-admin-leader.json')), {
      serving: true,
      isLeader: true,
      leaderId: 3,
      leaderIp: '127.0.0.1',
    });
    const f = parseLeader(json('follower-admin-leader.json'));
    assert.equal(f.serving && f.isLeader, false);
    assert.deepEqual(parseLeader(json('looking-admin-leader.json')), { serving: false });
  });

  it('voting_view lists members with addresses and roles', () => {
    const v = parseVotingView(json('leader-admin-voting_view.json'));
    assert.ok(v.serving);
    assert.deepEqual(
      v.members.map((m) => [m.id, m.role, m.clientPort]),
      [
        [1, 'participant', 40455],
        [2, 'participant', 54035],
        [3, 'participant', 37899],
      ],
    );
    assert.deepEqual(v.members[0]?.quorumAddresses, [
      { host: '127.0.0.1', quorumPort: 44961, electionPort: 46411 },
    ]);
    assert.deepEqual(parseVotingView(json('looking-admin-voting_view.json')), { serving: false });
  });

  it('configuration reads the server settings', () => {
    const c = parseConfiguration(json('leader-admin-configuration.json'));
    assert.equal(c.serverId, 3);
    assert.equal(c.clientPort, 37899);
    assert.equal(c.maxSessionTimeout, 40000);
  });

  it('refuses answers of the wrong shape and reports server errors', () => {
    assert.throws(() => parseLeader({ command: 'leader', error: null }), AdminParseError);
    assert.throws(() => parseVotingView({ command: 'voting_view', error: null }), /missing current_config/);
    assert.throws(
      () => parseConfiguration({ command: 'configuration', error: 'boom' }),
      /server reported: boom/,
    );
  });
});
