import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { test } from 'node:test';
import { freePorts } from './ports.ts';

test('hands out distinct ports that can be bound, never the same one twice', async () => {
  const first = await freePorts(6);
  const second = await freePorts(6);
  const all = [...first, ...second];
  assert.equal(all.length, 12);
  assert.equal(new Set(all).size, 12);
  for (const port of all) {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: '127.0.0.1', port }, resolve);
    });
    await new Promise((resolve) => server.close(resolve));
  }
});
