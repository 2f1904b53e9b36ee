import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubernetesObject, V1ConfigMap } from '@kubernetes/client-node';
import { ApiError, type WatchEvent } from '../client/kube-api.ts';
import { CONFIGMAPS, ZOOKEEPERS } from '../client/resources.ts';
import { FakeKubeApi } from './fake-api.ts';

const cm = (data: Record<string, string>, extra: Partial<V1ConfigMap> = {}): V1ConfigMap => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'c', namespace: 'ns' },
  data,
  ...extra,
});
const ref = { namespace: 'ns', name: 'c' };

test('an apply that changes nothing keeps the resourceVersion and sends no event', async () => {
  const server = new FakeKubeApi();
  const api = server.client();
  const first = await api.apply(CONFIGMAPS, cm({ a: '1' }));
  const again = await api.apply(CONFIGMAPS, cm({ a: '1' }));
  assert.equal(again.metadata?.resourceVersion, first.metadata?.resourceVersion);
  const changed = await api.apply(CONFIGMAPS, cm({ a: '2' }));
  assert.notEqual(changed.metadata?.resourceVersion, first.metadata?.resourceVersion);
});

test('apply removes fields the manager stopped applying, keeps fields of other managers', async () => {
  const server = new FakeKubeApi();
  await server.client().apply(CONFIGMAPS, cm({ a: '1', b: '2' }));
  await server.client('someone').apply(CONFIGMAPS, cm({ c: '3' }));
  await server.client().apply(CONFIGMAPS, cm({ a: '1' }));
  assert.deepEqual(server.peek<V1ConfigMap>(CONFIGMAPS, ref)?.data, { a: '1', c: '3' });
});

test('apply of a field another manager owns conflicts unless forced', async () => {
  const server = new FakeKubeApi();
  await server.client('someone').apply(CONFIGMAPS, cm({ a: '1' }));
  await assert.rejects(
    server.client().apply(CONFIGMAPS, cm({ a: '2' }), { force: false }),
    (e: unknown) => e instanceof ApiError && e.code === 409 && /owned by someone/.test(e.message),
  );
  await server.client().apply(CONFIGMAPS, cm({ a: '2' }), { force: true });
  assert.deepEqual(server.peek<V1ConfigMap>(CONFIGMAPS, ref)?.data, { a: '2' });
});

test('replace with a stale resourceVersion conflicts', async () => {
  const server = new FakeKubeApi();
  const api = server.client();
  const live = await api.create(CONFIGMAPS, cm({ a: '1' }));
  await api.replace(CONFIGMAPS, { ...live, data: { a: '2' } });
  await assert.rejects(
    api.replace(CONFIGMAPS, { ...live, data: { a: '3' } }),
    (e: unknown) => e instanceof ApiError && e.code === 409,
  );
});

test('delete honours uid preconditions and finalizers', async () => {
  const server = new FakeKubeApi();
  const api = server.client();
  const live = await api.create(
    CONFIGMAPS,
    cm({}, { metadata: { name: 'c', namespace: 'ns', finalizers: ['x'] } }),
  );
  await assert.rejects(
    api.delete(CONFIGMAPS, ref, { preconditions: { uid: 'other' } }),
    (e: unknown) => e instanceof ApiError && e.code === 409,
  );
  assert.equal(await api.delete(CONFIGMAPS, ref, { preconditions: { uid: live.metadata?.uid ?? '' } }), true);
  const terminating = server.peek<V1ConfigMap>(CONFIGMAPS, ref);
  assert.ok(terminating?.metadata?.deletionTimestamp);
  await api.mergePatch(CONFIGMAPS, ref, { metadata: { finalizers: null } });
  assert.equal(server.peek(CONFIGMAPS, ref), undefined);
});

async function ownedConfigMap(server: FakeKubeApi) {
  const api = server.client();
  const owner = await api.create<KubernetesObject>(ZOOKEEPERS, {
    apiVersion: ZOOKEEPERS.apiVersion,
    kind: 'ZooKeeper',
    metadata: { name: 'zk', namespace: 'ns' },
  });
  await api.apply(
    CONFIGMAPS,
    cm(
      {},
      {
        metadata: {
          name: 'c',
          namespace: 'ns',
          ownerReferences: [
            {
              apiVersion: ZOOKEEPERS.apiVersion,
              kind: 'ZooKeeper',
              name: 'zk',
              uid: owner.metadata?.uid ?? '',
            },
          ],
        },
      },
    ),
  );
  return api;
}

test('deleting an owner deletes what it owns', async () => {
  const server = new FakeKubeApi();
  const api = await ownedConfigMap(server);
  await api.delete(ZOOKEEPERS, { namespace: 'ns', name: 'zk' });
  assert.equal(server.peek(CONFIGMAPS, ref), undefined);
});

test('deleting an owner with propagation Orphan frees what it owns, then lets the owner go', async () => {
  const server = new FakeKubeApi();
  const api = await ownedConfigMap(server);
  await api.delete(ZOOKEEPERS, { namespace: 'ns', name: 'zk' }, { propagationPolicy: 'Orphan' });
  const dying = server.peek(ZOOKEEPERS, { namespace: 'ns', name: 'zk' });
  assert.ok(dying?.metadata?.deletionTimestamp, 'the owner waits for the garbage collector');
  assert.deepEqual(dying?.metadata?.finalizers, ['orphan']);
  server.collectGarbage();
  assert.equal(server.peek(ZOOKEEPERS, { namespace: 'ns', name: 'zk' }), undefined);
  const freed = server.peek<V1ConfigMap>(CONFIGMAPS, ref);
  assert.ok(freed, 'the dependent stays');
  assert.equal(freed.metadata?.ownerReferences?.length, 0);
});

test('status goes only through the status subresource; spec changes bump generation', async () => {
  const server = new FakeKubeApi();
  const api = server.client();
  const zk = {
    apiVersion: ZOOKEEPERS.apiVersion,
    kind: 'ZooKeeper',
    metadata: { name: 'zk', namespace: 'ns' },
    spec: { replicas: 3 },
  };
  await server.client('kubectl').apply(ZOOKEEPERS, { ...zk, status: { phase: 'Running' } });
  const zkRef = { namespace: 'ns', name: 'zk' };
  assert.equal((server.peek(ZOOKEEPERS, zkRef) as { status?: unknown }).status, undefined);
  await api.applyStatus(ZOOKEEPERS, {
    ...zk,
    spec: undefined,
    status: { phase: 'Running' },
  } as KubernetesObject);
  const afterStatus = server.peek(ZOOKEEPERS, zkRef) as KubernetesObject & { status?: { phase?: string } };
  assert.equal(afterStatus.status?.phase, 'Running');
  assert.equal(afterStatus.metadata?.generation, 1);
  await server.client('kubectl').apply(ZOOKEEPERS, { ...zk, spec: { replicas: 5 } });
  assert.equal(server.peek(ZOOKEEPERS, zkRef)?.metadata?.generation, 2);
});

test('a watch replays events after its resourceVersion; compacted history answers 410', async () => {
  const server = new FakeKubeApi();
  const api = server.client();
  const { resourceVersion } = await api.list(CONFIGMAPS);
  await api.apply(CONFIGMAPS, cm({ a: '1' }));
  const events: WatchEvent<KubernetesObject>[] = [];
  const watch = api.watch(CONFIGMAPS, { resourceVersion }, (e) => events.push(e));
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(
    events.map((e) => e.type),
    ['ADDED'],
  );
  watch.stop();
  await watch.done;
  server.compact();
  const expired: WatchEvent<KubernetesObject>[] = [];
  await api.watch(CONFIGMAPS, { resourceVersion }, (e) => expired.push(e)).done;
  assert.deepEqual(expired, [
    {
      type: 'ERROR',
      object: { code: 410, reason: 'Expired', message: `too old resource version: ${resourceVersion}` },
    },
  ]);
});
