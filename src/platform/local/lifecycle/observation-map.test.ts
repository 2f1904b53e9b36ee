import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EnsembleObservation, ServerReport } from '../../../zk/observation.ts';
import type { MemberStart } from '../state/lifecycle-record.ts';
import { type LocalFacts, toObservation, withDataSeen } from './observation-map.ts';

const start = (over: Partial<MemberStart> = {}): MemberStart => ({
  version: '3.9.4',
  configHash: 'h1',
  restartToken: 't1',
  hadData: true,
  ...over,
});

function zkMember(id: number, over: Partial<ServerReport>): ServerReport {
  return {
    id,
    reachable: true,
    serving: true,
    mode: 'follower',
    zxid: 0x100000005n,
    epoch: 1,
    configVersion: 0x100000000n,
    config: undefined,
    version: '3.9.4',
    clientConnections: 0,
    synced: true,
    committedRole: 'participant',
    problems: [],
    ...over,
  };
}

const committed = {
  version: 0x100000000n,
  members: [1, 2, 3].map((id) => ({
    id,
    role: 'participant' as const,
    quorumAddresses: [{ host: '127.0.0.1', quorumPort: 1000 + id, electionPort: 2000 + id }],
  })),
  source: 'zookeeper-config' as const,
};

const zk: EnsembleObservation = {
  members: [
    zkMember(1, { mode: 'leader' }),
    zkMember(2, {}),
    zkMember(3, { mode: 'not-serving', serving: false, synced: false }),
  ],
  leaderId: 1,
  leaderSync: undefined,
  committedConfig: committed,
  problems: [],
};

const facts: LocalFacts = {
  ids: [3, 1, 2, 4],
  running: new Set([1, 2, 3]),
  storage: new Map([
    [1, 'data'],
    [2, 'data'],
    [3, 'empty'],
    [4, 'data'],
  ]),
  held: new Map([[3, { version: 0x100000000n, members: [{ id: 3, role: 'participant' }] }]]),
  starts: { '1': start(), '2': start({ restartToken: 't0' }), '3': start() },
  recordedConfig: { version: 0n, members: [{ id: 1, role: 'participant' }] },
  certificateSerials: new Map(),
  now: new Date('2030-03-02T00:00:00Z'),
};

test('members are mapped in id order with their mode, health, start record and storage', () => {
  const observation = toObservation(facts, zk);
  assert.deepEqual(
    observation.members.map((m) => [m.id, m.running, m.serving, m.mode, m.synced]),
    [
      [1, true, true, 'leader', true],
      [2, true, true, 'follower', true],
      [3, true, false, 'looking', false],
      [4, false, false, 'unknown', false],
    ],
  );
  assert.equal(observation.members[1]?.restartToken, 't0');
  assert.equal(observation.members[0]?.zxid, 0x100000005n);
  assert.deepEqual(observation.members[2]?.config, facts.held.get(3));
  assert.equal(observation.leader, 1);
});

test('a member that held data and now has none lost it; one never seen with data did not', () => {
  const observation = toObservation(facts, zk);
  assert.equal(observation.members.find((m) => m.id === 3)?.dataLost, true);
  assert.equal(observation.members.find((m) => m.id === 4)?.dataLost, false);
  assert.equal(observation.members.find((m) => m.id === 1)?.dataLost, false);
});

test('the config read from /zookeeper/config is live; without it the recorded one is used, not live', () => {
  const live = toObservation(facts, zk).config;
  assert.equal(live?.live, true);
  assert.equal(live?.version, 0x100000000n);
  assert.deepEqual(
    live?.members.map((m) => m.id),
    [1, 2, 3],
  );
  const noQuorum = toObservation(facts, { ...zk, committedConfig: undefined, leaderId: undefined });
  assert.deepEqual(noQuorum.config, { version: 0n, members: [{ id: 1, role: 'participant' }], live: false });
  assert.equal(noQuorum.leader, undefined);
  assert.equal(toObservation({ ...facts, recordedConfig: undefined }, undefined).config, undefined);
});

test("the leader's conf alone is not taken as the committed config", () => {
  const config = toObservation(facts, {
    ...zk,
    committedConfig: { ...committed, source: 'leader-conf' },
  }).config;
  assert.equal(config?.live, false);
});

test('a member whose process is gone is not serving, whatever an earlier answer said', () => {
  const observation = toObservation({ ...facts, running: new Set([2, 3]) }, zk);
  const first = observation.members.find((m) => m.id === 1);
  assert.equal(first?.serving, false);
  assert.equal(first?.mode, 'unknown');
  assert.equal(observation.leader, undefined);
});

test('withDataSeen marks members whose storage holds data, and only those', () => {
  const seen = withDataSeen(
    { '1': start({ hadData: false }), '3': start({ hadData: false }) },
    facts.storage,
  );
  assert.equal(seen['1']?.hadData, true);
  assert.equal(seen['3']?.hadData, false);
});

test('a 3.8 member serving client TLS needs a restart once its certificate was renewed', () => {
  const certificate = {
    serial: 'A1',
    notBefore: '2030-01-01T00:00:00.000Z',
    notAfter: '2030-04-01T00:00:00.000Z',
  };
  const tls = { clientTls: true, quorumTls: 'tls' as const, certificate };
  const observation = toObservation(
    {
      ...facts,
      starts: { '1': start({ ...tls, version: '3.8.3' }), '2': start({ ...tls, version: '3.9.4' }) },
      certificateSerials: new Map([
        [1, 'B2'],
        [2, 'B2'],
      ]),
    },
    zk,
  );
  assert.match(
    observation.members[0]?.restartNeeded ?? '',
    /reads the secure client port's certificate only when it starts/,
  );
  assert.equal(observation.members[1]?.restartNeeded, undefined);
});
