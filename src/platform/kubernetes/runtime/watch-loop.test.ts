import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { V1ConfigMap } from '@kubernetes/client-node';
import { ApiError } from '../client/kube-api.ts';
import { CONFIGMAPS } from '../client/resources.ts';
import { FakeKubeApi } from '../testing/fake-api.ts';
import { FakeClock, settle } from '../testing/fake-clock.ts';
import { type ChangeType, WatchLoop } from './watch-loop.ts';

const cm = (name: string, data: Record<string, string> = {}): V1ConfigMap => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: 'ns' },
  data,
});

function setup(resyncMs = 0) {
  const server = new FakeKubeApi();
  const api = server.client('tester');
  const clock = new FakeClock();
  const changes: [ChangeType, string][] = [];
  const errors: number[] = [];
  const loop = new WatchLoop<V1ConfigMap>({
    api: server.client(),
    type: CONFIGMAPS,
    namespace: 'ns',
    clock,
    random: () => 0.5,
    backoff: { initialMs: 100, maxMs: 1000 },
    resyncMs,
    onChange: (change, object) => changes.push([change, object.metadata?.name ?? '']),
    onError: (_err, _attempt, delay) => errors.push(delay),
  });
  return { server, api, clock, changes, errors, loop };
}

test('lists, then follows changes through the watch', async (t) => {
  const { api, loop, changes } = setup();
  t.after(() => loop.stop());
  await api.create(CONFIGMAPS, cm('a'));
  loop.start();
  await loop.waitForSync();
  await api.create(CONFIGMAPS, cm('b'));
  await api.apply(CONFIGMAPS, cm('a', { x: '1' }));
  await api.delete(CONFIGMAPS, { namespace: 'ns', name: 'b' });
  await settle();
  assert.deepEqual(changes, [
    ['added', 'a'],
    ['added', 'b'],
    ['modified', 'a'],
    ['deleted', 'b'],
  ]);
  assert.deepEqual(
    loop.cache.list().map((o) => o.data),
    [{ x: '1' }],
  );
});

test('a watch the server ends is resumed from the last resourceVersion without a relist', async (t) => {
  const { server, api, loop, changes, clock } = setup();
  t.after(() => loop.stop());
  loop.start();
  await loop.waitForSync();
  server.endWatches();
  await settle();
  await api.create(CONFIGMAPS, cm('a'));
  // The watch ended at once without an event: the loop pauses a second before the next one.
  await clock.advance(1000);
  assert.equal(loop.lists, 1);
  assert.deepEqual(changes, [['added', 'a']]);
});

test('bookmarks move the resourceVersion, so a later 410-free resume needs no relist', async (t) => {
  const { server, api, loop, clock } = setup();
  t.after(() => loop.stop());
  loop.start();
  await loop.waitForSync();
  await server
    .client('other')
    .create(CONFIGMAPS, { ...cm('elsewhere'), metadata: { name: 'x', namespace: 'other' } });
  server.bookmark();
  await settle();
  assert.equal(loop.resourceVersion, server.resourceVersion);
  server.compact();
  server.endWatches();
  await clock.advance(1000);
  await api.create(CONFIGMAPS, cm('a'));
  await settle();
  assert.equal(loop.lists, 1, 'resumed from the bookmark, which the compaction did not pass');
});

test('410 Gone makes it list again; the relist reports what changed meanwhile', async (t) => {
  const { server, api, loop, changes, clock } = setup();
  t.after(() => loop.stop());
  await api.create(CONFIGMAPS, cm('a'));
  await api.create(CONFIGMAPS, cm('b'));
  loop.start();
  await loop.waitForSync();
  await settle();
  const rvBefore = loop.resourceVersion;
  const release = server.holdWatches();
  server.endWatches();
  // While no watch is open: b goes away, c appears, and the history is lost.
  await api.delete(CONFIGMAPS, { namespace: 'ns', name: 'b' });
  await api.create(CONFIGMAPS, cm('c'));
  server.compact();
  release();
  await clock.advance(1000);
  assert.equal(loop.lists, 2);
  assert.notEqual(loop.resourceVersion, rvBefore);
  assert.deepEqual(changes.slice(2).sort(), [
    ['added', 'c'],
    ['deleted', 'b'],
  ]);
  assert.deepEqual(
    loop.cache
      .list()
      .map((o) => o.metadata?.name)
      .sort(),
    ['a', 'c'],
  );
});

test('errors relist after exponential backoff with jitter', async (t) => {
  const { server, loop, clock, errors } = setup();
  t.after(() => loop.stop());
  const unavailable = new ApiError(503, 'ServiceUnavailable', 'etcd is down');
  server.failNext('list', unavailable);
  server.failNext('list', unavailable);
  server.failNext('list', unavailable);
  loop.start();
  await settle();
  assert.deepEqual(errors, [75]);
  await clock.advance(75);
  assert.deepEqual(errors, [75, 150]);
  await clock.advance(150);
  assert.deepEqual(errors, [75, 150, 300]);
  assert.equal(loop.synced, false);
  await clock.advance(300);
  assert.equal(loop.synced, true);
  // A failed watch also backs off and lists again; the failure count starts over after a good list.
  server.failNext('watch', unavailable);
  server.endWatches();
  await clock.advance(1000);
  assert.deepEqual(errors, [75, 150, 300, 75]);
  await clock.advance(75);
  assert.equal(loop.lists, 2);
});

test('an ERROR event other than 410 is an error: backoff, then relist', async (t) => {
  const { server, loop, clock, errors } = setup();
  t.after(() => loop.stop());
  loop.start();
  await loop.waitForSync();
  await settle();
  server.endWatches(new ApiError(500, 'InternalError', 'boom'));
  await settle();
  assert.equal(errors.length, 1);
  await clock.advance(errors[0] ?? 0);
  assert.equal(loop.lists, 2);
});

test('resync reports every cached object again without calling the API', async (t) => {
  const { server, api, loop, clock, changes } = setup(10_000);
  t.after(() => loop.stop());
  await api.create(CONFIGMAPS, cm('a'));
  loop.start();
  await loop.waitForSync();
  await settle();
  const calls = server.calls.length;
  await clock.advance(10_000);
  assert.deepEqual(changes, [
    ['added', 'a'],
    ['resync', 'a'],
  ]);
  assert.equal(server.calls.length, calls);
});

test('stop ends the watch and the loop', async () => {
  const { server, loop } = setup(1000);
  loop.start();
  await loop.waitForSync();
  await settle();
  assert.equal(server.openWatches, 1);
  await loop.stop();
  assert.equal(server.openWatches, 0);
});

test('a watch answered with HTTP 410 instead of an ERROR event also relists', async (t) => {
  const { server, loop, clock } = setup();
  t.after(() => loop.stop());
  loop.start();
  await loop.waitForSync();
  await settle();
  server.failNext('watch', new ApiError(410, 'Expired', 'too old resource version'));
  server.endWatches();
  await clock.advance(1000);
  assert.equal(loop.lists, 2);
});
