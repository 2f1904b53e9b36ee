/**
 * TTL nodes on ensembles with extended types enabled. ZooKeeper shows clients an ephemeralOwner of 0
 * for TTL nodes, so their kind shows in behaviour: they outlive the session that made them, like
 * persistent nodes, and the leader removes them once unchanged and childless for longer than the TTL.
 */

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SUPPORTED_VERSIONS } from '../../src/api/versions.ts';
import { ZkClient } from '../../src/zk/client.ts';
import { startEnsemble, type TestEnsemble } from '../support/ensemble.ts';

/** The newest release of each minor line zkop supports. */
const versions = [
  ...new Map(SUPPORTED_VERSIONS.map((v) => [v.version.split('.').slice(0, 2).join('.'), v.version])).values(),
];

/** How often the leader looks for expired TTL nodes and empty containers (a JVM property; default 60 s). */
const CHECK_INTERVAL_MS = 200;
const SHORT_TTL_MS = 500;

/** Resolves when `path` is gone; rejects if it is still there after `timeoutMs`. */
async function waitDeleted(client: ZkClient, path: string, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await new Promise<void>((resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${path} still there after ${timeoutMs} ms`)), timeoutMs);
    client
      .exists(path, { watch: (e) => e.type === 'nodeDeleted' && resolve() })
      .then((stat) => stat === null && resolve(), reject);
  }).finally(() => clearTimeout(timer));
}

for (const version of versions) {
  describe(`TTL nodes on ZooKeeper ${version}`, () => {
    let zk: TestEnsemble;
    let client: ZkClient;

    before(async () => {
      zk = await startEnsemble({
        members: 1,
        version,
        extraConfig: { extendedTypesEnabled: 'true' },
        jvmFlags: [`-Dznode.container.checkIntervalMs=${CHECK_INTERVAL_MS}`],
      });
      client = await ZkClient.connect({ servers: zk.connectString, sessionTimeoutMs: 10_000 });
    });
    after(async () => {
      await client?.close();
      await zk?.stop();
    });

    it('creates persistent and sequential TTL nodes that outlive their session', async () => {
      await client.create('/ttl');
      const creator = await ZkClient.connect({ servers: zk.connectString, sessionTimeoutMs: 10_000 });
      let seqPath: string;
      try {
        const plain = await creator.create('/ttl/plain', {
          mode: 'persistentWithTtl',
          ttlMs: 600_000,
          data: 'x',
        });
        assert.equal(plain.path, '/ttl/plain');
        assert.equal(plain.stat.ephemeralOwner, 0n);
        const seq = await creator.create('/ttl/seq-', {
          mode: 'persistentSequentialWithTtl',
          ttlMs: 600_000,
        });
        assert.match(seq.path, /^\/ttl\/seq-\d{10}$/);
        seqPath = seq.path;
      } finally {
        await creator.close();
      }
      await client.sync('/ttl');
      const read = await client.getData('/ttl/plain');
      assert.equal(read.data.toString(), 'x');
      assert.ok(await client.exists(seqPath), `${seqPath} should outlive the session that created it`);
      assert.deepEqual(
        (await client.getChildren('/ttl')).children.sort(),
        ['plain', seqPath.slice(5)].sort(),
      );
    });

    it('removes TTL nodes left unchanged past their TTL, keeps those with a long TTL', async () => {
      const created = Date.now();
      const { path: plain } = await client.create('/ttl/short', {
        mode: 'persistentWithTtl',
        ttlMs: SHORT_TTL_MS,
      });
      const { path: seq } = await client.create('/ttl/short-', {
        mode: 'persistentSequentialWithTtl',
        ttlMs: SHORT_TTL_MS,
      });
      await Promise.all([waitDeleted(client, plain, 15_000), waitDeleted(client, seq, 15_000)]);
      assert.ok(Date.now() - created >= SHORT_TTL_MS, 'removed before the TTL passed');
      assert.ok(await client.exists('/ttl/plain'), 'a node with a long TTL stays');
    });
  });
}
