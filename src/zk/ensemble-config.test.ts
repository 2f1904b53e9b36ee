import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ConfigParseError,
  formatServerLine,
  formatServerValue,
  parseDynamicConfig,
} from './ensemble-config.ts';

describe('parseEnsembleConfig', () => {
  it('reads what /zookeeper/config returns', () => {
    const c = parseDynamicConfig(
      [
        'server.2=127.0.0.1:37539:59389:participant;127.0.0.1:54035',
        'server.1=127.0.0.1:44961:46411:participant;127.0.0.1:40455',
        'server.4=zk-3.zk-hs:2888:3888:observer;0.0.0.0:2181',
        'version=100000004',
      ].join('\n'),
    );
    assert.equal(c.version, 0x100000004n);
    assert.deepEqual(
      c.members.map((m) => m.id),
      [1, 2, 4],
    );
    assert.deepEqual(c.members[2], {
      id: 4,
      role: 'observer',
      quorumAddresses: [{ host: 'zk-3.zk-hs', quorumPort: 2888, electionPort: 3888 }],
      clientHost: '0.0.0.0',
      clientPort: 2181,
    });
  });

  it('accepts a missing role, a bare client port, IPv6 and several quorum addresses', () => {
    const c = parseDynamicConfig('server.1=[::1]:2888:3888|10.0.0.1:2889:3889;2181\ngroup.1=1:2:3\n');
    assert.equal(c.version, undefined);
    assert.deepEqual(c.members[0], {
      id: 1,
      role: 'participant',
      quorumAddresses: [
        { host: '::1', quorumPort: 2888, electionPort: 3888 },
        { host: '10.0.0.1', quorumPort: 2889, electionPort: 3889 },
      ],
      clientPort: 2181,
    });
    assert.deepEqual(c.otherLines, ['group.1=1:2:3']);
  });

  it('refuses broken lines with a message naming the server', () => {
    assert.throws(() => parseDynamicConfig('server.3=host:2888'), ConfigParseError);
    assert.throws(() => parseDynamicConfig('server.3=host:2888:3888:boss'), /server\.3: unknown role 'boss'/);
    assert.throws(() => parseDynamicConfig('server.3=host:2888:99999'), /server\.3 election port/);
    assert.throws(() => parseDynamicConfig('version=xyz'), /not hexadecimal/);
  });

  it('formats a member back into the line reconfig takes', () => {
    const line = 'server.4=127.0.0.1:2888:3888:observer;127.0.0.1:2181';
    const member = parseDynamicConfig(line).members[0];
    assert.ok(member);
    assert.equal(formatServerLine(member), line);
    assert.equal(formatServerValue(member), '127.0.0.1:2888:3888:observer;127.0.0.1:2181');
    const v6 = parseDynamicConfig('server.1=[::1]:2888:3888;2181').members[0];
    assert.ok(v6);
    assert.equal(formatServerLine(v6), 'server.1=[::1]:2888:3888:participant;2181');
  });
});
