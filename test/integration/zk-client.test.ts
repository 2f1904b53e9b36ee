/** ZkClient operations against real ensembles of every minor version in the catalog. */

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SUPPORTED_VERSIONS } from '../../src/api/versions.ts';
import { digestAcl, OPEN_ACL_UNSAFE } from '../../src/zk/acl.ts';
import { ZkClient, ZkMultiError } from '../../src/zk/client.ts';
import { isZkError, type ZkError } from '../../src/zk/errors.ts';
import { Perms } from '../../src/zk/jute/protocol-constants.ts';
import type { WatchEvent } from '../../src/zk/watch-registry.ts';
import { startEnsemble, type TestEnsemble } from '../support/ensemble.ts';

/** The newest release of each minor line zkop supports. */
const versions = [
  ...new Map(SUPPORTED_VERSIONS.map((v) => [v.version.split('.').slice(0, 2).join('.'), v.version])).values(),
];

async function rejectsWith(p: Promise<unknown>, code: ZkError['code']): Promise<ZkError> {
  try {
    await p;
  } catch (err) {
    assert.ok(isZkError(err), `expected ZkError ${code}, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    return err;
  }
  assert.fail(`expected ${code}, the operation succeeded`);
}

/** Collects watch events; next() yields them in arrival order, also those that came before it was called. */
function collector(): {
  events: WatchEvent[];
  watch: (e: WatchEvent) => void;
  next: () => Promise<WatchEvent>;
} {
  const events: WatchEvent[] = [];
  let consumed = 0;
  let wake: (() => void) | undefined;
  return {
    events,
    watch: (e) => {
      events.push(e);
      wake?.();
    },
    next: async () => {
      const deadline = Date.now() + 5000;
      while (consumed >= events.length) {
        if (Date.now() > deadline)
          throw new Error(`no watch event within 5 s (got ${JSON.stringify(events)})`);
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, 100);
        });
      }
      return events[consumed++] as WatchEvent;
    },
  };
}

const settle = (ms = 300) => new Promise((r) => setTimeout(r, ms));

for (const version of versions) {
  describe(`ZkClient on ZooKeeper ${version}`, () => {
    let zk: TestEnsemble;
    let a: ZkClient;
    let b: ZkClient;

    before(async () => {
      zk = await startEnsemble({ members: 3, version });
      a = await ZkClient.connect({ servers: zk.connectString, sessionTimeoutMs: 10_000 });
      b = await ZkClient.connect({ servers: zk.connectString, sessionTimeoutMs: 10_000 });
    });
    after(async () => {
      await a?.close();
      await b?.close();
      await zk?.stop();
    });

    it('creates nodes in every mode and reads them back', async () => {
      const p = await a.create('/ops', { data: 'root' });
      assert.equal(p.path, '/ops');
      assert.equal(p.stat.dataLength, 4);
      const seq1 = await a.create('/ops/seq-', { mode: 'persistentSequential' });
      const seq2 = await a.create('/ops/seq-', { mode: 'persistentSequential' });
      assert.match(seq1.path, /^\/ops\/seq-\d{10}$/);
      assert.ok(seq2.path > seq1.path);
      const eph = await a.create('/ops/eph', { mode: 'ephemeral' });
      assert.equal(eph.stat.ephemeralOwner, a.session.id);
      const ephSeq = await a.create('/ops/ephseq-', { mode: 'ephemeralSequential' });
      assert.match(ephSeq.path, /^\/ops\/ephseq-\d{10}$/);
      const container = await a.create('/ops/container', { mode: 'container' });
      assert.equal(container.path, '/ops/container');
      await rejectsWith(a.create('/ops'), 'NODEEXISTS');
      await rejectsWith(a.create('/missing/child'), 'NONODE');
      await rejectsWith(a.create('/ops/eph/child'), 'NOCHILDRENFOREPHEMERALS');
      await b.sync('/ops');
      const { children, stat } = await b.getChildren('/ops');
      assert.deepEqual(
        children.sort(),
        ['container', 'eph', seq1.path.slice(5), seq2.path.slice(5), ephSeq.path.slice(5)].sort(),
      );
      assert.equal(stat.numChildren, 5);
    });

    it('refuses a TTL node with a typed error when the server has extended types off', async () => {
      // zkop's rendered config does not set extendedTypesEnabled; the server refuses TTL nodes.
      const err = await rejectsWith(
        a.create('/ops/ttl', { mode: 'persistentWithTtl', ttlMs: 60_000 }),
        'UNIMPLEMENTED',
      );
      assert.equal(err.op, 'create');
      assert.equal(err.path, '/ops/ttl');
    });

    it('reads, writes with versions, and deletes', async () => {
      await a.create('/rw', { data: 'v0' });
      await b.sync('/rw');
      const got = await b.getData('/rw');
      assert.equal(got.data.toString(), 'v0');
      const s1 = await a.setData('/rw', 'v1', got.stat.version);
      assert.equal(s1.version, 1);
      await rejectsWith(a.setData('/rw', 'stale', 0), 'BADVERSION');
      assert.equal(await b.sync('/rw'), '/rw');
      assert.equal((await b.getData('/rw')).data.toString(), 'v1');
      assert.equal((await a.exists('/rw'))?.version, 1);
      assert.equal(await a.exists('/nothing-here'), null);
      await rejectsWith(a.delete('/rw', 0), 'BADVERSION');
      await a.create('/rw/child');
      await rejectsWith(a.delete('/rw'), 'NOTEMPTY');
      await a.delete('/rw/child');
      await a.delete('/rw', 1);
      await rejectsWith(a.getData('/rw'), 'NONODE');
    });

    it('sets and reads ACLs; digest auth grants what the ACL allows', async () => {
      await a.create('/acl', { data: 'secret', acl: [digestAcl('alice', 'pw', Perms.all)] });
      await b.sync('/acl');
      const err = await rejectsWith(b.getData('/acl'), 'NOAUTH');
      assert.equal(err.path, '/acl');
      const reader = await ZkClient.connect({ servers: zk.connectString });
      try {
        await reader.addAuth('digest', 'alice:pw');
        await reader.sync('/acl');
        assert.equal((await reader.getData('/acl')).data.toString(), 'secret');
        const { acl, stat } = await reader.getACL('/acl');
        assert.deepEqual(acl, [digestAcl('alice', 'pw', Perms.all)]);
        const s = await reader.setACL('/acl', OPEN_ACL_UNSAFE, stat.aversion);
        assert.equal(s.aversion, stat.aversion + 1);
      } finally {
        await reader.close();
      }
      await b.sync('/acl');
      assert.equal((await b.getData('/acl')).data.toString(), 'secret');
    });

    it('multi applies all operations or none', async () => {
      await a.create('/multi', { data: 'x' });
      const results = await a.multi([
        { op: 'check', path: '/multi', version: 0 },
        { op: 'create', path: '/multi/a', data: Buffer.from('1'), acl: OPEN_ACL_UNSAFE, mode: 'persistent' },
        { op: 'setData', path: '/multi', data: Buffer.from('y'), version: 0 },
        { op: 'delete', path: '/multi/a', version: -1 },
      ]);
      assert.deepEqual(
        results.map((r) => r.op),
        ['check', 'create', 'setData', 'delete'],
      );
      try {
        await a.multi([
          { op: 'create', path: '/multi/b', data: Buffer.alloc(0), acl: OPEN_ACL_UNSAFE, mode: 'persistent' },
          { op: 'setData', path: '/multi', data: Buffer.from('z'), version: 0 },
        ]);
        assert.fail('multi with a stale version succeeded');
      } catch (err) {
        assert.ok(err instanceof ZkMultiError, String(err));
        assert.equal(err.code, 'BADVERSION');
        assert.equal(err.failedIndex, 1);
        assert.equal(err.path, '/multi');
      }
      await b.sync('/multi');
      assert.equal(await b.exists('/multi/b'), null, 'the create in the failed multi was not applied');
      assert.equal((await b.getData('/multi')).data.toString(), 'y');
    });

    it('one-shot watches fire once: data, child and exist', async () => {
      await a.create('/watch', { data: '0' });
      await b.sync('/watch');
      const data = collector();
      const child = collector();
      const exist = collector();
      await a.getData('/watch', { watch: data.watch });
      await a.getChildren('/watch', { watch: child.watch });
      assert.equal(await a.exists('/watch/new', { watch: exist.watch }), null);
      await b.setData('/watch', '1');
      assert.deepEqual(await data.next(), { type: 'nodeDataChanged', path: '/watch' });
      await b.setData('/watch', '2');
      await b.create('/watch/new');
      assert.deepEqual(await exist.next(), { type: 'nodeCreated', path: '/watch/new' });
      assert.deepEqual(await child.next(), { type: 'nodeChildrenChanged', path: '/watch' });
      await b.create('/watch/other');
      await b.setData('/watch/new', 'x');
      await settle();
      assert.equal(data.events.length, 1);
      assert.equal(child.events.length, 1);
      assert.equal(exist.events.length, 1);
    });

    it('persistent and recursive watches keep firing', async () => {
      // Separate nodes: before 3.9 a session holds one watch mode per path (ZOOKEEPER-4466).
      await a.create('/pw');
      await a.create('/rec');
      await b.sync('/');
      const persistent = collector();
      const recursive = collector();
      await a.addWatch('/pw', persistent.watch);
      await a.addWatch('/rec', recursive.watch, { recursive: true });
      for (const root of ['/pw', '/rec']) {
        await b.setData(root, '1');
        await b.setData(root, '2');
        await b.create(`${root}/kid`);
        await b.setData(`${root}/kid`, 'k');
      }
      await settle(500);
      assert.deepEqual(persistent.events, [
        { type: 'nodeDataChanged', path: '/pw' },
        { type: 'nodeDataChanged', path: '/pw' },
        { type: 'nodeChildrenChanged', path: '/pw' },
      ]);
      assert.deepEqual(recursive.events, [
        { type: 'nodeDataChanged', path: '/rec' },
        { type: 'nodeDataChanged', path: '/rec' },
        { type: 'nodeCreated', path: '/rec/kid' },
        { type: 'nodeDataChanged', path: '/rec/kid' },
      ]);
    });

    it('pipelines many requests and answers each in order', async () => {
      await a.create('/pipe');
      await b.sync('/pipe');
      const n = 500;
      const creates = Array.from({ length: n }, (_, i) => a.create(`/pipe/n${i}`, { data: String(i) }));
      const created = await Promise.all(creates);
      assert.deepEqual(
        created.map((c) => c.path),
        Array.from({ length: n }, (_, i) => `/pipe/n${i}`),
      );
      await b.sync('/pipe');
      const reads = await Promise.all(Array.from({ length: n }, (_, i) => b.getData(`/pipe/n${i}`)));
      assert.deepEqual(
        reads.map((r) => r.data.toString()),
        Array.from({ length: n }, (_, i) => String(i)),
      );
      const czxids = created.map((c) => c.stat.czxid);
      assert.deepEqual(
        czxids,
        [...czxids].sort((x, y) => (x < y ? -1 : 1)),
        'applied in the order sent',
      );
    });

    it('reads the committed config', async () => {
      const config = await a.getConfig();
      assert.ok(config.version !== undefined && config.version > 0n);
      assert.deepEqual(
        config.members.map((m) => [m.id, m.role, m.clientPort]),
        zk.members.map((m) => [m.id, 'participant', m.clientPort]),
      );
    });

    it('ephemeral nodes go away when the session closes', async () => {
      const c = await ZkClient.connect({ servers: zk.connectString });
      await c.create('/eph-close', { mode: 'ephemeral' });
      await b.sync('/eph-close');
      assert.ok(await b.exists('/eph-close'));
      await c.close();
      assert.equal(c.state, 'closed');
      await rejectsWith(c.getData('/eph-close'), 'CONNECTIONLOSS');
      // The closeSession commits through the leader; another member may apply it a moment later.
      const deadline = Date.now() + 5_000;
      let stat = await b.sync('/eph-close').then(() => b.exists('/eph-close'));
      while (stat !== null && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        stat = await b.sync('/eph-close').then(() => b.exists('/eph-close'));
      }
      assert.equal(stat, null);
    });

    it('times out explicitly and says so', async () => {
      // A member that is paused (SIGSTOP) keeps its connections open and answers nothing.
      const member = zk.members[0];
      assert.ok(member?.pid !== undefined);
      const c = await ZkClient.connect({ servers: `127.0.0.1:${member.clientPort}`, requestTimeoutMs: 300 });
      process.kill(member.pid, 'SIGSTOP');
      try {
        await rejectsWith(c.getData('/zookeeper/config'), 'OPERATIONTIMEOUT');
      } finally {
        process.kill(member.pid, 'SIGCONT');
        await c.close();
        await zk.waitForQuorum();
      }
    });
  });
}
