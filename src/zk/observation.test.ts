import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDynamicConfig } from './ensemble-config.ts';
import { parseConf, parseMntr, parseSrvr } from './four-letter-parse.ts';
import { committedConfigSources, type MemberAnswers, mergeObservation } from './observation.ts';
import { fixture } from './testing/fixtures.ts';

const v = (name: string): string => fixture('3.9.4', name);

function serving(id: number, role: 'leader' | 'follower'): MemberAnswers {
  return {
    id,
    srvr: { ok: parseSrvr(v(`${role}-srvr.txt`)) },
    mntr: { ok: parseMntr(v(`${role}-mntr.txt`)) },
    conf: { ok: parseConf(v(`${role}-conf.txt`)) },
  };
}

const looking: MemberAnswers = {
  id: 2,
  srvr: { ok: parseSrvr(v('looking-srvr.txt')) },
  mntr: { ok: parseMntr(v('looking-mntr.txt')) },
  conf: undefined,
};

const unreachable: MemberAnswers = {
  id: 2,
  srvr: { problem: { kind: 'connect', message: 'cannot connect (ECONNREFUSED)' } },
  mntr: undefined,
  conf: undefined,
};

const leaderMembership = parseDynamicConfig(v('leader-conf.txt').split('membership:')[1] ?? '');
const committed = { ok: { version: 0x100000000n, members: leaderMembership.members } };

describe('mergeObservation', () => {
  it('describes a healthy ensemble: one leader, synced followers, the committed config', () => {
    const o = mergeObservation(
      [serving(1, 'follower'), serving(2, 'follower'), serving(3, 'leader')],
      committed,
    );
    assert.equal(o.leaderId, 3);
    assert.deepEqual(o.leaderSync, {
      syncedFollowers: 2,
      syncedNonVotingFollowers: 0,
      syncedObservers: 0,
      quorumSize: 3,
    });
    assert.equal(o.committedConfig?.source, 'zookeeper-config');
    assert.equal(o.committedConfig?.version, 0x100000000n);
    const leader = o.members[2];
    assert.ok(leader);
    assert.equal(leader.mode, 'leader');
    assert.equal(leader.synced, true);
    assert.equal(leader.epoch, 1);
    assert.equal(leader.configVersion, 0x100000000n);
    assert.deepEqual(
      leader.config?.members.map((m) => m.id),
      [1, 2, 3],
    );
    assert.equal(leader.version, '3.9.4');
    assert.equal(leader.committedRole, 'participant');
    const follower = o.members[0];
    assert.ok(follower);
    assert.equal(follower.mode, 'follower');
    assert.equal(follower.synced, true, 'follower reports following - broadcast');
    assert.deepEqual(follower.problems, []);
    assert.deepEqual(o.problems, []);
  });

  it('tells a member that is not serving from one that cannot be reached', () => {
    const a = mergeObservation([serving(1, 'follower'), looking, serving(3, 'leader')], committed).members[1];
    assert.ok(a);
    assert.deepEqual(
      [a.reachable, a.serving, a.mode, a.synced, a.zxid],
      [true, false, 'not-serving', false, undefined],
    );
    const b = mergeObservation([serving(1, 'follower'), unreachable, serving(3, 'leader')], committed)
      .members[1];
    assert.ok(b);
    assert.deepEqual([b.reachable, b.serving, b.mode, b.synced], [false, false, 'unreachable', false]);
    assert.deepEqual(b.problems, [{ kind: 'connect', message: 'cannot connect (ECONNREFUSED)' }]);
  });

  it("falls back to the leader's conf when the committed config could not be read", () => {
    const o = mergeObservation([serving(1, 'follower'), serving(3, 'leader')], {
      problem: { kind: 'timeout', message: 'no answer' },
    });
    assert.equal(o.committedConfig?.source, 'leader-conf');
    assert.equal(o.committedConfig?.members.length, 3);
    assert.deepEqual(o.problems, [{ kind: 'timeout', message: 'no answer' }]);
  });

  it('marks members missing from the committed config as absent', () => {
    const o = mergeObservation([serving(3, 'leader'), { ...serving(1, 'follower'), id: 4 }], committed);
    assert.equal(o.members[1]?.committedRole, 'absent');
  });

  it('leaves sync unknown without mntr and reports two leaders as a problem', () => {
    const noMntr: MemberAnswers = {
      ...serving(1, 'follower'),
      mntr: { problem: { kind: 'not-allowed', message: 'add mntr to 4lw.commands.whitelist' } },
    };
    const o = mergeObservation([noMntr, serving(2, 'leader'), serving(3, 'leader')], undefined);
    assert.equal(o.members[0]?.synced, undefined);
    assert.equal(o.leaderId, undefined);
    assert.match(o.problems[0]?.message ?? '', /members 2, 3 all report being leader/);
    assert.equal(o.members[0]?.committedRole, undefined, 'no committed config known');
  });
});

describe('committedConfigSources', () => {
  const observer: MemberAnswers = {
    id: 4,
    srvr: { ok: parseSrvr(v('follower-srvr.txt').replace('Mode: follower', 'Mode: observer')) },
    mntr: undefined,
    conf: undefined,
  };
  const targets = [1, 2, 3, 4].map((id) => ({ id }));

  it('reads from the leader when there is one', () => {
    const answers = [serving(1, 'follower'), serving(2, 'follower'), serving(3, 'leader'), observer];
    assert.deepEqual(committedConfigSources(targets, answers), [{ id: 3 }]);
  });

  it('falls back to the followers, and never reads from an observer (a joiner serves its own config)', () => {
    const answers = [serving(1, 'follower'), { ...unreachable, id: 3 }, looking, observer];
    assert.deepEqual(committedConfigSources(targets, answers), [{ id: 1 }]);
    assert.deepEqual(committedConfigSources(targets, [observer]), []);
  });
});
