import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  FourLetterParseError,
  parseConf,
  parseIsro,
  parseMntr,
  parseRuok,
  parseSrvr,
  shortVersion,
} from './four-letter-parse.ts';
import { fixture } from './testing/fixtures.ts';

const v394 = (name: string): string => fixture('3.9.4', name);

describe('parseSrvr', () => {
  it('reads a 3.9.4 leader', () => {
    const r = parseSrvr(v394('leader-srvr.txt'));
    assert.equal(r.serving, true);
    if (!r.serving) return;
    assert.equal(r.version, '3.9.4');
    assert.match(r.versionDetail, /^3\.9\.4-7246445e/);
    assert.equal(r.mode, 'leader');
    assert.equal(r.zxid, 0x100000000n);
    assert.equal(r.nodeCount, 5);
    assert.deepEqual(r.latencyMinAvgMax, { min: 0, avg: 0, max: 0 });
    assert.equal(r.received, 2);
    assert.equal(r.sent, 1);
    assert.equal(r.connections, 1);
    assert.equal(r.outstanding, 0);
  });

  it('reads a 3.9.4 follower', () => {
    const r = parseSrvr(v394('follower-srvr.txt'));
    assert.equal(r.serving && r.mode, 'follower');
  });

  it('models a server without quorum as not serving', () => {
    assert.deepEqual(parseSrvr(v394('looking-srvr.txt')), { serving: false });
  });

  it('reads observer, standalone and read-only modes and fractional latency', () => {
    const text = v394('leader-srvr.txt')
      .replace('Mode: leader', 'Mode: read-only')
      .replace('0/0.0/0', '1/2.5/17')
      .replace('Zxid: 0x100000000', 'Zxid: 0x3000000a1');
    const r = parseSrvr(text);
    assert.ok(r.serving);
    assert.equal(r.mode, 'read-only');
    assert.deepEqual(r.latencyMinAvgMax, { min: 1, avg: 2.5, max: 17 });
    assert.equal(r.zxid, 0x3000000a1n);
    for (const mode of ['observer', 'standalone'] as const) {
      const s = parseSrvr(v394('leader-srvr.txt').replace('Mode: leader', `Mode: ${mode}`));
      assert.equal(s.serving && s.mode, mode);
    }
  });

  it('refuses text that is not a srvr answer', () => {
    assert.throws(() => parseSrvr(''), FourLetterParseError);
    assert.throws(() => parseSrvr('imok'), /missing 'Zookeeper version'/);
    assert.throws(
      () => parseSrvr(v394('leader-srvr.txt').replace('Mode: leader', 'Mode: looking')),
      /mode 'looking'/,
    );
    assert.throws(
      () => parseSrvr(v394('leader-srvr.txt').replace('Zxid: 0x100000000', 'Zxid: nope')),
      /Zxid/,
    );
    assert.throws(() => parseSrvr(v394('leader-srvr.txt').replace('Received: 2', 'Received: x')), /Received/);
  });
});

describe('shortVersion', () => {
  it('drops the build hash and date', () => {
    assert.equal(
      shortVersion('3.9.4-7246445ec281f3dbf53dc54e970c914f39713903, built on 2025-08-19 19:53 UTC'),
      '3.9.4',
    );
    assert.equal(
      shortVersion('3.8.0-5a02a05eddb59aee6ac762f7ea82e92a68eb9c0f, built on 2022-02-25 08:49 UTC'),
      '3.8.0',
    );
    assert.equal(
      shortVersion('3.7.2-c06c7c8a3e95779d4becb1938b378596e3b420d0, built on 2023-10-06 09:51 UTC'),
      '3.7.2',
    );
    assert.equal(shortVersion('3.10.0-SNAPSHOT-abcdef1, built on x'), '3.10.0-SNAPSHOT');
    assert.equal(shortVersion('3.9.5-beta, built on x'), '3.9.5-beta');
    assert.equal(shortVersion('3.9.4'), '3.9.4');
  });
});

describe('parseMntr', () => {
  it('reads the leader sync counters', () => {
    const r = parseMntr(v394('leader-mntr.txt'));
    assert.ok(r.serving);
    assert.equal(r.serverState, 'leader');
    assert.equal(r.peerState, 'leading - broadcast');
    assert.equal(r.version, '3.9.4');
    assert.equal(r.quorumSize, 3);
    assert.deepEqual(r.leader, {
      syncedFollowers: 2,
      syncedNonVotingFollowers: 0,
      syncedObservers: 0,
      learners: 2,
      pendingSyncs: 0,
    });
    assert.equal(r.znodeCount, 5);
    assert.equal(r.aliveConnections, 1);
    assert.equal(r.maxFileDescriptorCount, 20000);
    assert.equal(r.other.election_time, undefined);
    assert.equal(r.other.avg_election_time, '324.0');
    assert.equal(r.other.server_state, undefined, 'typed keys are not repeated in other');
  });

  it('has no leader counters on a follower', () => {
    const r = parseMntr(v394('follower-mntr.txt'));
    assert.ok(r.serving);
    assert.equal(r.serverState, 'follower');
    assert.equal(r.leader, undefined);
    assert.equal(r.quorumSize, 3);
  });

  it('models a server without quorum as not serving', () => {
    assert.deepEqual(parseMntr(v394('looking-mntr.txt')), { serving: false });
  });

  it('refuses malformed lines and values', () => {
    assert.throws(() => parseMntr('zk_version 3.9.4'), /key<TAB>value/);
    assert.throws(
      () => parseMntr(v394('leader-mntr.txt').replace('zk_znode_count\t5', 'zk_znode_count\tfive')),
      /znode_count/,
    );
    assert.throws(() => parseMntr('zk_server_state\tleader\n'), /missing 'version'/);
  });
});

describe('parseConf', () => {
  it('reads settings and the membership of a 3.9.4 member', () => {
    const r = parseConf(v394('leader-conf.txt'));
    assert.ok(r.serving);
    assert.equal(r.serverId, 3);
    assert.equal(r.clientPort, 37899);
    assert.equal(r.secureClientPort, undefined);
    assert.equal(r.tickTime, 2000);
    assert.equal(r.maxSessionTimeout, 40000);
    assert.equal(r.settings.electionAlg, '3');
    assert.ok(r.membership);
    assert.equal(r.membership.version, 0x100000000n);
    assert.deepEqual(
      r.membership.members.map((m) => [m.id, m.role, m.clientPort]),
      [
        [1, 'participant', 40455],
        [2, 'participant', 54035],
        [3, 'participant', 37899],
      ],
    );
  });

  it('reads a standalone answer without membership', () => {
    const r = parseConf('clientPort=2181\nserverId=0\ntickTime=2000\n');
    assert.ok(r.serving);
    assert.equal(r.membership, undefined);
    assert.equal(r.clientPort, 2181);
  });

  it('refuses lines that are not key=value', () => {
    assert.throws(() => parseConf('clientPort 2181\n'), FourLetterParseError);
  });
});

describe('parseRuok and parseIsro', () => {
  it('reads their one-word answers', () => {
    assert.equal(parseRuok('imok'), true);
    assert.equal(parseRuok(''), false);
    assert.equal(parseIsro('rw'), 'rw');
    assert.equal(parseIsro('ro'), 'ro');
    assert.equal(parseIsro('null'), 'not-serving');
    assert.throws(() => parseIsro('what'), /unexpected answer/);
  });
});

describe('with the Prometheus metrics provider (3.9.4)', () => {
  const prom = (name: string): string => fixture('3.9.4-prometheus', name);

  it('reads mntr values printed as floats and keeps labelled keys as text', () => {
    const r = parseMntr(prom('leader-mntr.txt'));
    assert.ok(r.serving);
    assert.equal(r.serverState, 'leader');
    assert.deepEqual(r.leader, {
      syncedFollowers: 2,
      syncedNonVotingFollowers: 0,
      syncedObservers: 1,
      learners: 3,
      pendingSyncs: 0,
    });
    assert.equal(r.quorumSize, 3);
    assert.ok(Object.keys(r.other).some((k) => k.includes('{quantile=')));
  });

  it('reads an observer', () => {
    const srvr = parseSrvr(prom('observer-srvr.txt'));
    assert.equal(srvr.serving && srvr.mode, 'observer');
    const mntr = parseMntr(prom('observer-mntr.txt'));
    assert.equal(mntr.serving && mntr.peerState, 'observing - broadcast');
    const conf = parseConf(prom('observer-conf.txt'));
    assert.ok(conf.serving);
    assert.deepEqual(
      conf.membership?.members.map((m) => m.role),
      ['participant', 'participant', 'participant', 'observer'],
    );
  });

  it('still refuses fractional values where an integer is expected', () => {
    assert.throws(
      () => parseMntr(prom('leader-mntr.txt').replace(/zk_znode_count\t[^\n]*/, 'zk_znode_count\t5.5')),
      /znode_count/,
    );
  });
});
