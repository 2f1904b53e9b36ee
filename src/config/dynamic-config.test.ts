import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseDynamicConfig } from '../zk/ensemble-config.ts';
import { joiningMemberServers, renderDynamicConfig, serverLine, withClientTls } from './dynamic-config.ts';
import type { ServerEntry } from './layout.ts';

const entry = (id: number, role: ServerEntry['role'] = 'participant'): ServerEntry => ({
  id,
  host: `zk-${id}`,
  quorumPort: 2888,
  electionPort: 3888,
  clientPort: 2181,
  role,
});

describe('dynamic config', () => {
  test('server line: host:quorum:election:role;clientAddress:clientPort', () => {
    assert.equal(serverLine(entry(1)), 'server.1=zk-1:2888:3888:participant;zk-1:2181');
    assert.equal(
      serverLine({ ...entry(2, 'observer'), clientAddress: '0.0.0.0' }),
      'server.2=zk-2:2888:3888:observer;0.0.0.0:2181',
    );
  });
  test('lines are in id order whatever the input order', () => {
    const text = renderDynamicConfig([entry(3), entry(1), entry(2)]);
    assert.deepEqual(
      text
        .trim()
        .split('\n')
        .map((l) => l.split('=')[0]),
      ['server.1', 'server.2', 'server.3'],
    );
  });
  test('round-trips through the zk/ parser', () => {
    const parsed = parseDynamicConfig(renderDynamicConfig([entry(1), entry(2, 'observer')]));
    assert.deepEqual(
      parsed.members.map((m) => [m.id, m.role, m.quorumAddresses[0]?.host, m.clientPort]),
      [
        [1, 'participant', 'zk-1', 2181],
        [2, 'observer', 'zk-2', 2181],
      ],
    );
  });
  test('with client TLS the plain client address is 127.0.0.1, whatever the member is reached at', () => {
    assert.equal(
      serverLine(withClientTls(entry(1), true)),
      'server.1=zk-1:2888:3888:participant;127.0.0.1:2181',
    );
    assert.equal(serverLine(withClientTls(entry(1), false)), 'server.1=zk-1:2888:3888:participant;zk-1:2181');
  });
  test('a duplicate id is refused', () => {
    assert.throws(() => renderDynamicConfig([entry(1), entry(1)]), /appears twice/);
  });
});

describe('joining member', () => {
  test('is the committed config plus the joiner as observer', () => {
    const servers = joiningMemberServers([entry(1), entry(3)], entry(2, 'participant'));
    assert.deepEqual(
      servers.map((s) => [s.id, s.role]),
      [
        [1, 'participant'],
        [2, 'observer'],
        [3, 'participant'],
      ],
    );
  });
  test('keeps committed observers and never adds a second participant', () => {
    const servers = joiningMemberServers([entry(1), entry(2), entry(3), entry(4, 'observer')], entry(5));
    assert.equal(servers.filter((s) => s.role === 'participant').length, 3);
  });
  test('a member already in the committed config is not a joiner', () => {
    assert.throws(
      () => joiningMemberServers([entry(1), entry(2)], entry(2)),
      /already in the committed config/,
    );
  });
});
