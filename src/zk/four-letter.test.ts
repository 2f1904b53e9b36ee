import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { after, describe, it } from 'node:test';
import { FourLetterError, fourLetter } from './four-letter.ts';

/** A loopback TCP server that answers each connection with `reply` (given the 4 bytes received). */
async function fakeServer(
  reply: (socket: Socket, cmd: string) => void,
): Promise<{ port: number; server: Server }> {
  const server = createServer((socket) => {
    let got = '';
    socket.on('data', (d) => {
      got += d.toString();
      if (got.length >= 4) reply(socket, got.slice(0, 4));
    });
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  assert.ok(address && typeof address === 'object');
  return { port: address.port, server };
}

async function freePort(): Promise<number> {
  const { port, server } = await fakeServer(() => {});
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('fourLetter', () => {
  const servers: Server[] = [];
  after(() => {
    for (const s of servers) s.close();
  });

  it('sends the command and returns everything until the server closes', async () => {
    const { port, server } = await fakeServer((socket, cmd) => {
      socket.write(`got ${cmd}\n`);
      setTimeout(() => socket.end('second part'), 5);
    });
    servers.push(server);
    assert.equal(await fourLetter('127.0.0.1', port, 'srvr', { timeoutMs: 2000 }), 'got srvr\nsecond part');
  });

  it('returns an empty answer when the server closes without writing (unknown command)', async () => {
    const { port, server } = await fakeServer((socket) => socket.end());
    servers.push(server);
    assert.equal(await fourLetter('127.0.0.1', port, 'wchs', { timeoutMs: 2000 }), '');
  });

  it('times out when the server never closes', async () => {
    const { port, server } = await fakeServer((socket) => socket.write('partial'));
    servers.push(server);
    const started = Date.now();
    await assert.rejects(fourLetter('127.0.0.1', port, 'mntr', { timeoutMs: 150 }), (err: unknown) => {
      assert.ok(err instanceof FourLetterError);
      assert.equal(err.kind, 'timeout');
      assert.match(err.message, /mntr to 127\.0\.0\.1:\d+: no answer within 150 ms/);
      return true;
    });
    assert.ok(Date.now() - started < 1500);
  });

  it('reports a refused connection', async () => {
    const port = await freePort();
    await assert.rejects(fourLetter('127.0.0.1', port, 'ruok', { timeoutMs: 2000 }), (err: unknown) => {
      assert.ok(err instanceof FourLetterError);
      assert.equal(err.kind, 'connect');
      assert.match(err.message, /cannot connect \(ECONNREFUSED\)/);
      return true;
    });
  });

  it('refuses answers larger than maxBytes', async () => {
    const { port, server } = await fakeServer((socket) => socket.end('x'.repeat(5000)));
    servers.push(server);
    await assert.rejects(
      fourLetter('127.0.0.1', port, 'mntr', { timeoutMs: 2000, maxBytes: 1000 }),
      /exceeds 1000 bytes/,
    );
  });

  it('says which whitelist entry is missing', async () => {
    const { port, server } = await fakeServer((socket, cmd) =>
      socket.end(`${cmd} is not executed because it is not in the whitelist.\n`),
    );
    servers.push(server);
    await assert.rejects(fourLetter('127.0.0.1', port, 'mntr', { timeoutMs: 2000 }), (err: unknown) => {
      assert.ok(err instanceof FourLetterError);
      assert.equal(err.kind, 'not-allowed');
      assert.match(err.message, /add 'mntr' to 4lw\.commands\.whitelist/);
      return true;
    });
  });
});
