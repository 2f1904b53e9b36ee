/**
 * Read-only mode: with `readonlymode.enabled` on the members, a member cut off from its quorum serves
 * reads to new sessions of clients that accept read-only servers; writes fail with NOTREADONLY. A
 * session made while the ensemble had quorum is refused there ("global session") and waits.
 */

import assert from 'node:assert/strict';
import type { Duplex } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { ZkClient, type ZkState } from '../../src/zk/client.ts';
import { isZkError, type ZkError } from '../../src/zk/errors.ts';
import { fourLetter } from '../../src/zk/four-letter.ts';
import { type Transport, tcpTransport } from '../../src/zk/transport.ts';
import { startEnsemble, type TestEnsemble } from '../support/ensemble.ts';

async function until(what: string, condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Waits until the member answers `isro` with `ro`: it lost its quorum and serves read-only. */
async function waitReadOnly(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await fourLetter('127.0.0.1', port, 'isro', { timeoutMs: 1000 }).catch(
      (e: Error) => e.message,
    );
    if (answer.trim() === 'ro') return;
    if (Date.now() > deadline)
      throw new Error(`member on port ${port} not read-only within ${timeoutMs} ms: ${answer}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

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

/** A TCP transport whose open connections the test can drop (the client then reconnects). */
function droppableTransport(): { transport: Transport; drop: () => void } {
  const open = new Set<Duplex>();
  return {
    transport: async (address, timeoutMs) => {
      const socket = await tcpTransport(address, timeoutMs);
      open.add(socket);
      socket.on('close', () => open.delete(socket));
      return socket;
    },
    drop: () => {
      for (const s of open) s.destroy();
    },
  };
}

describe('ZkClient and read-only members', () => {
  let zk: TestEnsemble;

  before(async () => {
    zk = await startEnsemble({
      members: 3,
      // A JVM property, not a zoo.cfg key: zoo.cfg would set zookeeper.readonlymode.enabled instead.
      jvmFlags: ['-Dreadonlymode.enabled=true'],
      // A read-only member refuses new global sessions (NOTREADONLY): it starts only local ones.
      extraConfig: { localSessionsEnabled: 'true', localSessionsUpgradingEnabled: 'true' },
    });
  });
  after(async () => {
    await zk?.stop();
  });

  it('reads from a member without quorum, refuses writes with NOTREADONLY, and returns to read-write', async () => {
    const [lost1, lost2, survivor] = zk.members;
    assert.ok(lost1 && lost2 && survivor);
    const survivorAddress = `127.0.0.1:${survivor.clientPort}`;
    const writer = await ZkClient.connect({ servers: zk.connectString });
    await writer.create('/ro', { data: 'before' });
    await writer.create('/ro/child');
    await writer.close();

    const early = await ZkClient.connect({
      servers: zk.connectString,
      readOnly: true,
      sessionTimeoutMs: 30_000,
      requestTimeoutMs: 1000,
    });
    const earlyStates: ZkState[] = [];
    early.on('state', (s) => earlyStates.push(s));
    const net = droppableTransport();
    let late: ZkClient | undefined;
    try {
      assert.equal(early.state, 'connected');
      assert.equal(early.session.readOnly, false);
      const earlyId = early.session.id;
      // With local sessions on, an ephemeral node makes the session global (it can then move members).
      await early.create('/ro/early', { mode: 'ephemeral' });

      await Promise.all([zk.stopMember(lost1.id), zk.stopMember(lost2.id)]);
      await until('early client disconnected', () => early.state === 'disconnected', 10_000);
      await waitReadOnly(survivor.clientPort, 30_000);

      late = await ZkClient.connect({
        servers: zk.connectString,
        readOnly: true,
        transport: net.transport,
        connectTimeoutMs: 30_000,
      });
      const lateClient = late;
      const lateStates: ZkState[] = [];
      lateClient.on('state', (s) => lateStates.push(s));
      assert.equal(lateClient.state, 'connectedReadOnly');
      assert.equal(lateClient.session.readOnly, true);
      assert.equal(lateClient.session.server, survivorAddress);

      assert.equal((await lateClient.getData('/ro')).data.toString(), 'before');
      assert.deepEqual((await lateClient.getChildren('/ro')).children.sort(), ['child', 'early']);
      assert.ok(await lateClient.exists('/ro/child'));
      const refused = await rejectsWith(lateClient.setData('/ro', 'during'), 'NOTREADONLY');
      assert.equal(refused.op, 'setData');
      assert.equal(refused.path, '/ro');
      await rejectsWith(lateClient.create('/ro/new'), 'NOTREADONLY');
      await rejectsWith(lateClient.delete('/ro/child'), 'NOTREADONLY');

      // Reconnecting reports read-only again, on a new session: a read-only session lives on one member.
      const firstReadOnlyId = lateClient.session.id;
      net.drop();
      await until('late client reconnected read-only', () => lateStates.length >= 2, 10_000);
      assert.deepEqual(lateStates, ['disconnected', 'connectedReadOnly']);
      assert.notEqual(lateClient.session.id, firstReadOnlyId);
      assert.equal((await lateClient.getData('/ro')).data.toString(), 'before');

      await assert.rejects(
        ZkClient.connect({ servers: survivorAddress, connectTimeoutMs: 2000 }),
        (err: unknown) => isZkError(err, 'CONNECTIONLOSS'),
        'a client that does not accept read-only servers is refused',
      );
      assert.equal(
        early.state,
        'disconnected',
        'a session made with quorum is refused by a read-only member',
      );
      await rejectsWith(early.getData('/ro'), 'CONNECTIONLOSS');

      await zk.startMember(lost1.id);
      await zk.waitForQuorum();
      await until('early client back', () => early.state === 'connected', 30_000);
      // While the quorum forms again a member may accept and then drop the session: only the ends are fixed.
      assert.equal(earlyStates[0], 'disconnected');
      assert.ok(
        earlyStates.every((s) => s === 'disconnected' || s === 'connected'),
        `never read-only, never expired: ${earlyStates.join(', ')}`,
      );
      assert.equal(early.session.id, earlyId, 'the session made with quorum lives on');
      assert.ok(await early.exists('/ro/early'), 'with its ephemeral node');
      await early.setData('/ro', 'after');

      await until('late client read-write', () => lateClient.state === 'connected', 30_000);
      assert.equal(lateStates[2], 'disconnected');
      assert.ok(
        !lateStates.includes('expired'),
        `a new session, not an expired one: ${lateStates.join(', ')}`,
      );
      assert.equal(lateClient.session.readOnly, false);
      await lateClient.sync('/ro');
      assert.equal((await lateClient.getData('/ro')).data.toString(), 'after');
      await lateClient.create('/ro/late', { mode: 'ephemeral' });
    } finally {
      await early.close();
      await late?.close();
    }
  });
});
