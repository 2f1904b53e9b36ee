/** ZkClient sessions on a real ensemble: moving between members, connection loss, expiry. */

import assert from 'node:assert/strict';
import type { Duplex } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { freePorts } from '../../src/platform/local/process/ports.ts';
import { ZkClient, type ZkState } from '../../src/zk/client.ts';
import { isZkError } from '../../src/zk/errors.ts';
import { type Transport, tcpTransport } from '../../src/zk/transport.ts';
import type { WatchEvent } from '../../src/zk/watch-registry.ts';
import { startEnsemble, type TestEnsemble } from '../support/ensemble.ts';

function waitForState(client: ZkClient, state: ZkState, timeoutMs: number): Promise<void> {
  if (client.state === state) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      client.off('state', onState);
      reject(new Error(`client did not reach ${state} within ${timeoutMs} ms (now ${client.state})`));
    }, timeoutMs);
    const onState = (s: ZkState): void => {
      if (s !== state) return;
      clearTimeout(timer);
      client.off('state', onState);
      resolve();
    };
    client.on('state', onState);
  });
}

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Retries an idempotent call that lost its connection (e.g. while the ensemble elects a new leader). */
async function retryOnLoss<T>(call: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (err) {
      if (!isZkError(err, 'CONNECTIONLOSS') || attempt >= 10) throw err;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

/** A transport the test can cut: closes the open sockets and refuses new ones while blocked. */
function cuttableTransport(): { transport: Transport; cut: () => void; restore: () => void } {
  let blocked = false;
  const open = new Set<Duplex>();
  return {
    transport: async (address, timeoutMs) => {
      if (blocked) throw new Error('network cut by the test');
      const socket = await tcpTransport(address, timeoutMs);
      open.add(socket);
      socket.on('close', () => open.delete(socket));
      return socket;
    },
    cut: () => {
      blocked = true;
      for (const s of open) s.destroy();
    },
    restore: () => {
      blocked = false;
    },
  };
}

/** Keeps the order given (the client shuffles with this source of randomness). */
const inOrder = () => 0.999999;

describe('ZkClient sessions', () => {
  let zk: TestEnsemble;
  let observer: ZkClient;

  before(async () => {
    zk = await startEnsemble({ members: 3 });
    observer = await ZkClient.connect({ servers: zk.connectString });
  });
  after(async () => {
    await observer?.close();
    await zk?.stop();
  });

  it('keeps the session, its ephemeral nodes and watches when its member restarts', async () => {
    const [first, ...rest] = zk.members;
    assert.ok(first);
    const servers = [first, ...rest].map((m) => ({ host: '127.0.0.1', port: m.clientPort }));
    const client = await ZkClient.connect({ servers, random: inOrder, sessionTimeoutMs: 20_000 });
    // Reads from the members that stay up.
    const witness = await ZkClient.connect({ servers: servers.slice(1) });
    try {
      assert.equal(client.session.server, `127.0.0.1:${first.clientPort}`);
      const sessionId = client.session.id;
      await client.create('/moving', { mode: 'ephemeral', data: 'a' });
      const events: WatchEvent[] = [];
      await client.getData('/moving', { watch: (e) => events.push(e) });
      const states: ZkState[] = [];
      client.on('state', (s) => states.push(s));

      await zk.stopMember(first.id);
      await zk.waitForQuorum();
      await until(() => states.includes('disconnected') && client.state === 'connected', 20_000);
      assert.notEqual(client.session.server, `127.0.0.1:${first.clientPort}`);
      assert.equal(client.session.id, sessionId);
      assert.deepEqual(states.slice(0, 1), ['disconnected']);
      await retryOnLoss(() => witness.sync('/moving'));
      assert.ok(await retryOnLoss(() => witness.exists('/moving')), 'the ephemeral node survived');
      await retryOnLoss(() => witness.setData('/moving', 'b'));
      await until(() => events.length > 0, 5000);
      assert.deepEqual(events, [{ type: 'nodeDataChanged', path: '/moving' }], 'the watch was set again');
      assert.equal((await retryOnLoss(() => client.getData('/moving'))).data.toString(), 'b');
    } finally {
      await client.close();
      await witness.close();
      await zk.startMember(first.id);
    }
  });

  it('fails requests in flight with CONNECTIONLOSS and keeps the session', async () => {
    const net = cuttableTransport();
    const client = await ZkClient.connect({ servers: zk.connectString, transport: net.transport });
    try {
      const inFlight = Array.from({ length: 20 }, () => client.getData('/zookeeper/config'));
      net.cut();
      const results = await Promise.allSettled(inFlight);
      const lost = results.filter((r) => r.status === 'rejected');
      assert.ok(lost.length > 0);
      for (const r of lost) assert.ok(isZkError((r as PromiseRejectedResult).reason, 'CONNECTIONLOSS'));
      net.restore();
      await waitForState(client, 'connected', 10_000);
      assert.ok((await client.getData('/zookeeper/config')).data.length > 0);
    } finally {
      await client.close();
    }
  });

  it('reports session expiry as an event and SESSIONEXPIRED errors, distinct from connection loss', async () => {
    const net = cuttableTransport();
    const client = await ZkClient.connect({
      servers: zk.connectString,
      transport: net.transport,
      sessionTimeoutMs: 4000,
      requestTimeoutMs: 60_000,
    });
    let expiredEvents = 0;
    client.on('expired', () => expiredEvents++);
    try {
      assert.equal(client.session.timeoutMs, 4000);
      await client.create('/expiring', { mode: 'ephemeral' });
      net.cut();
      await waitForState(client, 'disconnected', 5000);
      const waiting = client.getData('/zookeeper/config');
      await observer.sync('/expiring');
      for (let i = 0; i < 100 && (await observer.exists('/expiring')); i++)
        await new Promise((r) => setTimeout(r, 200));
      assert.equal(await observer.exists('/expiring'), null, 'the server expired the session');
      net.restore();
      await waitForState(client, 'expired', 10_000);
      assert.equal(expiredEvents, 1);
      await assert.rejects(waiting, (err: unknown) => isZkError(err, 'SESSIONEXPIRED'));
      await assert.rejects(client.exists('/'), (err: unknown) => isZkError(err, 'SESSIONEXPIRED'));
    } finally {
      net.restore();
      await client.close();
    }
  });

  it('moves past servers that do not answer, and says which ones when none does', async () => {
    const [dead1, dead2] = await freePorts(2);
    const live = zk.members[1];
    assert.ok(live && dead1 && dead2);
    const servers = [dead1, dead2, live.clientPort].map((port) => ({ host: '127.0.0.1', port }));
    const client = await ZkClient.connect({ servers, random: inOrder });
    assert.equal(client.session.server, `127.0.0.1:${live.clientPort}`);
    await client.close();
    const started = Date.now();
    await assert.rejects(
      ZkClient.connect({
        servers: `127.0.0.1:${dead1},127.0.0.1:${dead2}`,
        connectTimeoutMs: 1500,
        random: inOrder,
      }),
      (err: unknown) => {
        assert.ok(isZkError(err, 'CONNECTIONLOSS'));
        assert.match(
          err.message,
          new RegExp(`not connected to any of 127\\.0\\.0\\.1:${dead1},127\\.0\\.0\\.1:${dead2}`),
        );
        assert.match(err.message, /ECONNREFUSED/);
        return true;
      },
    );
    assert.ok(Date.now() - started < 5000);
  });
});
