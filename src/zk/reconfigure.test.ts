import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DynamicConfig } from './ensemble-config.ts';
import { ZkError } from './errors.ts';
import { type ConfigReader, readBack } from './reconfigure.ts';

const CONFIG: DynamicConfig = { version: 0x100000003n, members: [], otherLines: [] };

/** A session whose first `lost` syncs fail as a follower restarting its server would make them. */
function session(lost: number, state: ConfigReader['state'] = 'connected'): ConfigReader & { syncs: number } {
  let syncs = 0;
  return {
    get syncs() {
      return syncs;
    },
    state,
    async sync() {
      syncs += 1;
      if (syncs <= lost)
        throw ZkError.of('CONNECTIONLOSS', 'sync', '/zookeeper/config', 'server closed the connection');
      return '/zookeeper/config';
    },
    async getConfig() {
      return CONFIG;
    },
  };
}

test('the config is read back again after the connection was lost, until the deadline', async () => {
  const client = session(2);
  assert.equal(await readBack(client, Date.now() + 10_000), CONFIG);
  assert.equal(client.syncs, 3);
});

test('a lost connection past the deadline, or a closed client, is not retried', async () => {
  await assert.rejects(readBack(session(1), Date.now() - 1), /CONNECTIONLOSS/);
  const closed = session(1, 'closed');
  await assert.rejects(readBack(closed, Date.now() + 10_000), /CONNECTIONLOSS/);
  assert.equal(closed.syncs, 1);
});
