import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MemberView } from '../lifecycle/member-view.ts';
import type { MemberRecord } from '../state/state.ts';
import { ensembleStatus } from './ensemble-status.ts';

const member = (id: number, kind: MemberRecord['kind'] = 'participant'): MemberRecord => ({
  id,
  kind,
  host: '127.0.0.1',
  ports: {
    client: 10_000 + id,
    quorum: 11_000 + id,
    election: 12_000 + id,
    admin: 13_000 + id,
    metrics: 14_000 + id,
  },
});
const process = { pid: 100, startTime: 5, startedAt: '2026-01-01T00:00:00.000Z' };
const now = new Date('2026-01-01T00:01:30.000Z');

const serving = (id: number, mode: 'leader' | 'follower' | 'observer'): MemberView => ({
  member: member(id, mode === 'observer' ? 'observer' : 'participant'),
  running: true,
  process: { ...process, pid: 100 + id },
  mode,
  zxid: '0x100000002',
  configVersion: '0x100000000',
  version: '3.9.4',
  problem: undefined,
  secureClientPort: undefined,
  quorumTls: 'plaintext',
  quorumSasl: 'off',
  metricsPort: 14_000 + id,
});

test('a serving ensemble with one leader is healthy', () => {
  const status = ensembleStatus(
    { name: 'zk', version: '3.9.4', stateDir: '/s' },
    [serving(1, 'follower'), serving(2, 'leader'), serving(3, 'follower'), serving(4, 'observer')],
    now,
  );
  assert.equal(status.leader, 2);
  assert.equal(status.healthy, true);
  assert.deepEqual(
    [status.serving, status.participants, status.quorum, status.servingParticipants],
    [4, 3, 2, 3],
  );
  assert.equal(status.members[0]?.uptimeSeconds, 90);
  assert.equal(status.members[1]?.pid, 102);
  assert.equal(status.connectString, '127.0.0.1:10001,127.0.0.1:10002,127.0.0.1:10003,127.0.0.1:10004');
  assert.equal(status.members[0]?.metricsUrl, 'http://127.0.0.1:14001/metrics');
  assert.equal(status.members[0]?.version, '3.9.4');
  assert.equal(status.committedConfig, null, 'no committed config given');
});

test('the committed config is shown as given', () => {
  const committedConfig = { version: '0x100000000', servers: ['server.1=127.0.0.1:1:2:participant;3'] };
  const status = ensembleStatus(
    { name: 'zk', version: '3.9.4', stateDir: '/s', committedConfig },
    [serving(1, 'leader')],
    now,
  );
  assert.deepEqual(status.committedConfig, committedConfig);
});

test('a stopped member is down, has no pid and makes the ensemble unhealthy', () => {
  const stopped: MemberView = {
    member: member(3),
    running: false,
    process,
    mode: undefined,
    zxid: undefined,
    configVersion: undefined,
    version: undefined,
    problem: undefined,
    secureClientPort: undefined,
    quorumTls: 'plaintext',
    quorumSasl: 'off',
    metricsPort: undefined,
  };
  const running: MemberView = { ...stopped, member: member(2), running: true, problem: 'not serving' };
  const status = ensembleStatus(
    { name: 'zk', version: '3.9.4', stateDir: '/s' },
    [serving(1, 'leader'), running, stopped],
    now,
  );
  assert.deepEqual(
    status.members.map((m) => [m.id, m.role, m.state, m.pid]),
    [
      [1, 'leader', 'serving', 101],
      [2, 'down', 'running', 100],
      [3, 'down', 'stopped', null],
    ],
  );
  assert.equal(status.healthy, false);
  assert.equal(status.servingParticipants, 1);
  assert.equal(status.members[2]?.metricsUrl, null, 'a member without a metrics endpoint has no URL');
  assert.equal(status.members[2]?.version, null);
});

test('with TLS: the secure client ports of the members that serve it, and the files to connect with', () => {
  const secure = (id: number, mode: 'leader' | 'follower'): MemberView => ({
    ...serving(id, mode),
    secureClientPort: 15_000 + id,
    quorumTls: 'tls',
  });
  const files = {
    caFile: '/s/zk/tls/ca.crt',
    clientCertFile: '/s/zk/tls/client.crt',
    clientKeyFile: '/s/zk/tls/client.key',
    clientKeyStoreFile: '/s/zk/tls/client-keystore.pem',
    certificates: [],
  };
  const tls = { client: true, clientAuth: 'need' as const, quorum: true, ...files };
  const status = ensembleStatus(
    { name: 'zk', version: '3.9.4', stateDir: '/s' },
    [secure(1, 'leader'), serving(2, 'follower'), secure(3, 'follower')],
    now,
    tls,
  );
  assert.deepEqual(status.tls, { ...tls, connectString: '127.0.0.1:15001,127.0.0.1:15003' });
  assert.deepEqual(
    status.members.map((m) => [m.secureClientPort, m.quorumTls]),
    [
      [15_001, 'tls'],
      [null, 'plaintext'],
      [15_003, 'tls'],
    ],
  );
  assert.equal(
    ensembleStatus({ name: 'zk', version: '3.9.4', stateDir: '/s' }, [serving(1, 'leader')], now).tls,
    null,
  );
});
