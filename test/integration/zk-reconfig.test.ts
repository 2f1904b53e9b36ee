/** reconfig through ZkClient on a real ensemble: refused without the super user, then promote and remove a 4th member. */

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SUPPORTED_VERSIONS } from '../../src/api/versions.ts';
import { ZkClient } from '../../src/zk/client.ts';
import { formatServerLine } from '../../src/zk/ensemble-config.ts';
import { isZkError } from '../../src/zk/errors.ts';
import { inspect } from '../../src/zk/inspect.ts';
import { reconfigureAndVerify } from '../../src/zk/reconfigure.ts';
import { startEnsemble, type TestEnsemble } from '../support/ensemble.ts';

/** The newest release of each minor line zkop supports. */
const versions = [
  ...new Map(SUPPORTED_VERSIONS.map((v) => [v.version.split('.').slice(0, 2).join('.'), v.version])).values(),
];

for (const version of versions) {
  describe(`reconfig on ZooKeeper ${version}`, () => {
    let zk: TestEnsemble;
    let admin: ZkClient;

    before(async () => {
      // Member 4 starts as an observer of the committed config: the safe way for a server to join.
      zk = await startEnsemble({ members: 3, observers: 1, version });
      const voters = zk.members.filter((m) => m.role === 'participant');
      // Only the voters: a member whose role changes drops its client connections.
      admin = await ZkClient.connect({
        servers: voters.map((m) => ({ host: '127.0.0.1', port: m.clientPort })),
      });
      await admin.addAuth('digest', `super:${zk.superPassword}`);
    });
    after(async () => {
      await admin?.close();
      await zk?.stop();
    });

    it('is refused with NOAUTH without the super user', async () => {
      const anonymous = await ZkClient.connect({ servers: zk.connectString });
      try {
        const config = await anonymous.getConfig();
        await assert.rejects(
          anonymous.reconfig({ leaving: [4], fromConfig: config.version }),
          (err: unknown) => {
            assert.ok(isZkError(err, 'NOAUTH'), String(err));
            assert.equal(err.op, 'reconfig');
            return true;
          },
        );
      } finally {
        await anonymous.close();
      }
    });

    it('promotes the observer to participant, then removes it, checked with getConfig and inspect', async () => {
      const before = await admin.getConfig();
      const fourth = before.members.find((m) => m.id === 4);
      assert.equal(fourth?.role, 'observer');
      assert.ok(fourth && before.version !== undefined);

      const promoted = await admin.reconfig({
        joining: [formatServerLine({ ...fourth, role: 'participant' })],
        fromConfig: before.version,
      });
      assert.ok(promoted.version !== undefined && promoted.version > before.version);
      assert.deepEqual(
        promoted.members.map((m) => [m.id, m.role]),
        [
          [1, 'participant'],
          [2, 'participant'],
          [3, 'participant'],
          [4, 'participant'],
        ],
      );
      await admin.sync('/zookeeper/config');
      const read = await admin.getConfig();
      assert.equal(read.version, promoted.version);
      assert.equal(read.members.find((m) => m.id === 4)?.role, 'participant');

      await assert.rejects(admin.reconfig({ leaving: [4], fromConfig: before.version }), (err: unknown) =>
        isZkError(err, 'BADVERSION'),
      );

      const removed = await admin.reconfig({ leaving: [4], fromConfig: promoted.version });
      assert.deepEqual(
        removed.members.map((m) => m.id),
        [1, 2, 3],
      );
      await admin.sync('/zookeeper/config');
      const after = await admin.getConfig();
      assert.equal(after.version, removed.version);
      assert.equal(after.members.length, 3);

      const observed = await inspect(
        zk.members.map((m) => ({
          id: m.id,
          host: '127.0.0.1',
          clientPort: m.clientPort,
          adminPort: m.adminPort,
        })),
      );
      assert.equal(observed.committedConfig?.version, removed.version);
      assert.equal(observed.committedConfig?.source, 'zookeeper-config');
      assert.deepEqual(
        observed.members.map((m) => m.committedRole),
        ['participant', 'participant', 'participant', 'absent'],
      );
      assert.ok(observed.leaderId !== undefined && observed.leaderId <= 3);
    });

    it('hands leadership off through a follower, which restarts its server: the change is read back all the same', async () => {
      const voters = zk.members.filter((m) => m.id <= 3);
      const observed = await inspect(
        voters.map((m) => ({
          id: m.id,
          host: '127.0.0.1',
          clientPort: m.clientPort,
          adminPort: m.adminPort,
        })),
      );
      const leader = voters.find((m) => m.id === observed.leaderId);
      const follower = voters.find((m) => m.id !== observed.leaderId);
      const config = await admin.getConfig();
      const line = config.members.find((m) => m.id === leader?.id);
      assert.ok(leader && follower && line && config.version !== undefined);
      const outcome = await reconfigureAndVerify({
        servers: [{ host: '127.0.0.1', port: follower.clientPort }],
        superPassword: zk.superPassword,
        change: { joining: [formatServerLine({ ...line, role: 'observer' })] },
        fromVersion: config.version,
        member: { id: leader.id, role: 'observer' },
      });
      assert.ok(outcome.applied, outcome.applied ? '' : outcome.why);
      assert.equal(outcome.config.members.find((m) => m.id === leader.id)?.role, 'observer');
    });
  });
}
