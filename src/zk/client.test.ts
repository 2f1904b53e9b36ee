/** ZkClient against a scripted loopback server: protocol faults end in typed errors, never a crash or a hang. */

import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { after, describe, it } from 'node:test';
import { ZkClient, type ZkState } from './client.ts';
import { isZkError } from './errors.ts';
import { FrameDecoder } from './framing.ts';
import { JuteReader } from './jute/reader.ts';
import { writeConnectResponse, writeReplyHeader, writeStat } from './jute/records.ts';
import { JuteWriter } from './jute/writer.ts';

type Behaviour = (socket: Socket, xid: number, type: number) => void;

const stat = {
  czxid: 1n,
  mzxid: 1n,
  ctime: 0,
  mtime: 0,
  version: 0,
  cversion: 0,
  aversion: 0,
  ephemeralOwner: 0n,
  dataLength: 2,
  numChildren: 0,
  pzxid: 1n,
};

function reply(xid: number, err: number, body?: (w: JuteWriter) => void): Buffer {
  const w = new JuteWriter();
  writeReplyHeader(w, { xid, zxid: 5n, err });
  body?.(w);
  return w.frame();
}

const getDataOk = (xid: number): Buffer => reply(xid, 0, (w) => writeStat(w.buffer(Buffer.from('ok')), stat));

/** A server that accepts sessions (timeout 6 s; 0 when `expire` says so) and answers requests as `behaviour` decides. */
async function scriptedServer(
  behaviour: Behaviour,
  opts: { expire?: () => boolean; readOnly?: boolean; refuseWith?: number } = {},
): Promise<{ port: number; server: Server; connections: () => number }> {
  let connections = 0;
  const server = createServer((socket) => {
    connections++;
    const decoder = new FrameDecoder(1 << 20);
    let handshaken = false;
    socket.on('error', () => {});
    socket.on('data', (chunk) => {
      for (const frame of decoder.push(chunk)) {
        if (!handshaken) {
          handshaken = true;
          if (opts.refuseWith !== undefined) {
            socket.end(reply(0, opts.refuseWith));
            continue;
          }
          const w = new JuteWriter();
          const expired = opts.expire?.() ?? false;
          writeConnectResponse(w, {
            protocolVersion: 0,
            timeOut: expired ? 0 : 6000,
            sessionId: expired ? 0n : 77n,
            passwd: Buffer.alloc(16, 1),
            readOnly: opts.readOnly ?? false,
          });
          socket.write(w.frame());
          continue;
        }
        const r = new JuteReader(frame);
        const xid = r.int();
        const type = r.int();
        if (type === 11) socket.write(reply(-2, 0));
        else behaviour(socket, xid, type);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  assert.ok(address && typeof address === 'object');
  return { port: address.port, server, connections: () => connections };
}

describe('ZkClient against a scripted server', () => {
  const servers: Server[] = [];
  const clients: ZkClient[] = [];
  after(async () => {
    for (const c of clients) await c.close();
    for (const s of servers) s.close();
  });
  const connect = async (port: number, extra: { requestTimeoutMs?: number } = {}): Promise<ZkClient> => {
    const c = await ZkClient.connect({ servers: `127.0.0.1:${port}`, requestTimeoutMs: 3000, ...extra });
    clients.push(c);
    return c;
  };

  it('answers pipelined requests in xid order', async () => {
    const s = await scriptedServer((socket, xid) => socket.write(getDataOk(xid)));
    servers.push(s.server);
    const c = await connect(s.port);
    assert.equal(c.session.id, 77n);
    const all = await Promise.all(Array.from({ length: 100 }, () => c.getData('/x')));
    assert.ok(all.every((r) => r.data.toString() === 'ok'));
  });

  it('says why when the server refuses the session in its handshake answer', async () => {
    const s = await scriptedServer(() => {}, { refuseWith: -119 });
    servers.push(s.server);
    await assert.rejects(
      ZkClient.connect({ servers: `127.0.0.1:${s.port}`, readOnly: true, connectTimeoutMs: 500 }),
      (err: unknown) => {
        assert.ok(isZkError(err, 'CONNECTIONLOSS'));
        assert.match(err.message, /last error: connect: NOTREADONLY \(.*localSessionsEnabled=true/);
        return true;
      },
    );
  });

  it('turns a reply with an error code into a ZkError with op and path', async () => {
    const s = await scriptedServer((socket, xid) => socket.write(reply(xid, -101)));
    servers.push(s.server);
    const c = await connect(s.port);
    await assert.rejects(c.getData('/missing'), (err: unknown) => {
      assert.ok(isZkError(err, 'NONODE'));
      assert.equal(err.op, 'getData');
      assert.equal(err.path, '/missing');
      assert.equal(err.message, 'getData /missing: NONODE (the node does not exist)');
      return true;
    });
    assert.equal(await c.exists('/missing'), null);
  });

  for (const [name, fault] of [
    [
      'a truncated reply body',
      (socket: Socket, xid: number) => socket.write(reply(xid, 0, (w) => w.int(100))),
    ],
    ['a reply for an unknown xid', (socket: Socket) => socket.write(getDataOk(999))],
    [
      'an oversized frame length',
      (socket: Socket) => {
        const b = Buffer.alloc(4);
        b.writeInt32BE(0x7fffffff, 0);
        socket.write(b);
      },
    ],
    [
      'a close in the middle of a frame',
      (socket: Socket, xid: number) => socket.end(getDataOk(xid).subarray(0, 10)),
    ],
  ] as const) {
    it(`fails the request with a typed error on ${name}, then reconnects`, async () => {
      let faulty = true;
      const s = await scriptedServer((socket, xid) => {
        if (faulty) {
          faulty = false;
          fault(socket, xid);
        } else socket.write(getDataOk(xid));
      });
      servers.push(s.server);
      const c = await connect(s.port);
      const states: ZkState[] = [];
      c.on('state', (st) => states.push(st));
      await assert.rejects(c.getData('/x'), (err: unknown) => {
        assert.ok(isZkError(err), String(err));
        assert.ok(err.code === 'CONNECTIONLOSS' || err.code === 'MARSHALLINGERROR', err.message);
        return true;
      });
      assert.equal((await c.getData('/x')).data.toString(), 'ok');
      assert.equal(s.connections(), 2);
      assert.ok(states.includes('disconnected'));
    });
  }

  it('times out a request the server never answers, with OPERATIONTIMEOUT', async () => {
    const s = await scriptedServer(() => {});
    servers.push(s.server);
    const c = await connect(s.port, { requestTimeoutMs: 200 });
    const started = Date.now();
    await assert.rejects(c.sync('/x'), (err: unknown) => isZkError(err, 'OPERATIONTIMEOUT'));
    assert.ok(Date.now() - started < 2000);
  });

  it('reports expiry when the server refuses the session on reconnect', async () => {
    let expire = false;
    let sockets: Socket[] = [];
    const s = await scriptedServer(
      (socket, xid) => {
        sockets.push(socket);
        socket.write(getDataOk(xid));
      },
      { expire: () => expire },
    );
    servers.push(s.server);
    const c = await connect(s.port);
    await c.getData('/x');
    const expired = new Promise<void>((resolve) => c.once('expired', resolve));
    expire = true;
    for (const socket of sockets) socket.destroy();
    sockets = [];
    await expired;
    assert.equal(c.state, 'expired');
    await assert.rejects(c.getData('/x'), (err: unknown) => isZkError(err, 'SESSIONEXPIRED'));
  });

  it('closes cleanly even when the server hangs up right after answering', async () => {
    const s = await scriptedServer((socket, xid, type) => {
      if (type === -11) socket.end(reply(xid, 0));
      else socket.write(getDataOk(xid));
    });
    servers.push(s.server);
    const c = await connect(s.port);
    const states: ZkState[] = [];
    c.on('state', (st) => states.push(st));
    await c.close();
    assert.deepEqual(states, ['closed']);
    await assert.rejects(
      c.getData('/x'),
      (err: unknown) => isZkError(err, 'CONNECTIONLOSS') && /closed/.test(err.message),
    );
    assert.equal(s.connections(), 1);
  });

  it('reports a throwing watcher as watcherError and keeps going', async () => {
    const s = await scriptedServer((socket, xid) => {
      socket.write(getDataOk(xid));
      const w = new JuteWriter();
      writeReplyHeader(w, { xid: -1, zxid: -1n, err: 0 });
      w.int(3).int(3).ustring('/x');
      socket.write(w.frame());
    });
    servers.push(s.server);
    const c = await connect(s.port);
    const errors: unknown[] = [];
    c.on('watcherError', (e) => errors.push(e));
    await c.getData('/x', {
      watch: () => {
        throw new Error('watcher bug');
      },
    });
    for (let i = 0; i < 50 && errors.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal((errors[0] as Error).message, 'watcher bug');
    assert.equal((await c.getData('/x')).data.toString(), 'ok');
  });

  it('asks for and reports a read-only session', async () => {
    let asked: boolean | undefined;
    const s = await scriptedServer((socket, xid) => socket.write(reply(xid, -119)), { readOnly: true });
    s.server.prependListener('connection', (socket: Socket) =>
      socket.once('data', (chunk: Buffer) => {
        asked = chunk[chunk.length - 1] === 1;
      }),
    );
    servers.push(s.server);
    const c = await ZkClient.connect({ servers: `127.0.0.1:${s.port}`, readOnly: true });
    clients.push(c);
    assert.equal(asked, true, 'the ConnectRequest ends with the read-only flag set');
    assert.equal(c.state, 'connectedReadOnly');
    assert.equal(c.session.readOnly, true);
    await assert.rejects(c.setData('/x', 'y'), (err: unknown) => isZkError(err, 'NOTREADONLY'));
  });

  it('carries a read-write session to the next connection, but not a read-only one', async () => {
    for (const readOnly of [false, true]) {
      const requested: bigint[] = [];
      const sockets: Socket[] = [];
      const s = await scriptedServer((socket, xid) => socket.write(getDataOk(xid)), { readOnly });
      s.server.prependListener('connection', (socket: Socket) => {
        sockets.push(socket);
        // ConnectRequest: length, protocolVersion, lastZxidSeen, timeOut, then the session id.
        socket.once('data', (chunk: Buffer) => requested.push(chunk.readBigInt64BE(20)));
      });
      servers.push(s.server);
      const c = await ZkClient.connect({ servers: `127.0.0.1:${s.port}`, readOnly: true });
      clients.push(c);
      for (const socket of sockets) socket.destroy();
      for (let i = 0; i < 100 && requested.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
      assert.deepEqual(requested, [0n, readOnly ? 0n : 77n], readOnly ? 'read-only' : 'read-write');
    }
  });
});
