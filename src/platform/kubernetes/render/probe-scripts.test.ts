/** The probe scripts against a stand-in server that answers four-letter words like ZooKeeper 3.9.4. */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { LIVE_SCRIPT, READY_SCRIPT, SCRIPTS } from './scripts.ts';

const run = promisify(execFile);
const FIXTURES = join(import.meta.dirname, '../../../zk/fixtures/3.9.4');
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');

/** Answers `srvr` with `srvrAnswer` and `ruok` with `imok`, then closes, as ZooKeeper does. */
function fourLetterServer(answers: Record<string, string>): Promise<{ server: Server; port: number }> {
  const server = createServer((socket) => {
    socket.once('data', (word) => socket.end(answers[word.toString('utf8')] ?? ''));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({ server, port: typeof address === 'object' && address ? address.port : 0 });
    }),
  );
}

async function probe(script: string, port: number): Promise<boolean> {
  try {
    await run('bash', ['-c', SCRIPTS[script] ?? '', script, String(port)], { timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
}

describe('probe scripts', () => {
  const servers: Server[] = [];
  const ports: Record<string, number> = {};
  const cases: Record<string, Record<string, string>> = {
    leader: { srvr: fixture('leader-srvr.txt'), ruok: 'imok' },
    follower: { srvr: fixture('follower-srvr.txt'), ruok: 'imok' },
    looking: { srvr: fixture('looking-srvr.txt'), ruok: 'imok' },
    silent: {},
  };

  before(async () => {
    for (const [name, answers] of Object.entries(cases)) {
      const { server, port } = await fourLetterServer(answers);
      servers.push(server);
      ports[name] = port;
    }
  });
  after(() => {
    for (const server of servers) server.close();
  });

  test('ready when srvr reports leader or follower', async () => {
    assert.equal(await probe(READY_SCRIPT, ports.leader ?? 0), true);
    assert.equal(await probe(READY_SCRIPT, ports.follower ?? 0), true);
  });

  test('not ready while the member does not serve', async () => {
    assert.equal(await probe(READY_SCRIPT, ports.looking ?? 0), false);
    assert.equal(await probe(READY_SCRIPT, ports.silent ?? 0), false);
  });

  test('alive when ruok answers imok, also without a quorum', async () => {
    assert.equal(await probe(LIVE_SCRIPT, ports.looking ?? 0), true);
    assert.equal(await probe(LIVE_SCRIPT, ports.silent ?? 0), false);
  });

  test('nothing listening: neither ready nor alive', async () => {
    const { server, port } = await fourLetterServer({});
    await new Promise((resolve) => server.close(resolve));
    assert.equal(await probe(READY_SCRIPT, port), false);
    assert.equal(await probe(LIVE_SCRIPT, port), false);
  });
});
