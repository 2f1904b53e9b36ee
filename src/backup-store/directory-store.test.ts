import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, test } from 'node:test';
import { DirectoryStore } from './directory-store.ts';
import { StoreError } from './store.ts';

const root = mkdtempSync(join(tmpdir(), 'zkop-store-'));
after(() => rmSync(root, { recursive: true, force: true }));

const text = async (stream: Readable) => {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString();
};

test('a directory store writes, lists, reads and deletes objects by key', async () => {
  const store = new DirectoryStore(join(root, 'a'));
  await store.put('b1/payload', Readable.from([Buffer.from('hello '), Buffer.from('world')]));
  await store.put('b1/manifest.json', Buffer.from('{}'));
  // What a writer killed halfway leaves is not an object.
  writeFileSync(join(root, 'a', 'b1', 'other.partial-123'), 'x');
  assert.deepEqual(await store.list(), [
    { key: 'b1/manifest.json', size: 2 },
    { key: 'b1/payload', size: 11 },
  ]);
  assert.equal(await text(await store.get('b1/payload')), 'hello world');
  await store.delete('b1/manifest.json');
  assert.deepEqual(
    (await store.list()).map((o) => o.key),
    ['b1/payload'],
  );
});

test('a missing object is not-found, a missing directory holds nothing; a failed stream leaves nothing', async () => {
  const store = new DirectoryStore(join(root, 'c'));
  await assert.rejects(
    store.get('nothing'),
    (e: unknown) => e instanceof StoreError && e.kind === 'not-found',
  );
  assert.deepEqual(await store.list(), []);
  const failing = new Readable({
    read() {
      this.destroy(new Error('source died'));
    },
  });
  await assert.rejects(store.put('x/payload', failing), /source died/);
  assert.deepEqual(await store.list(), []);
});
