import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { KubeConfig, type KubernetesObject } from '@kubernetes/client-node';
import { HttpKubeApi } from './http-api.ts';
import { ApiError, type WatchEvent } from './kube-api.ts';
import { kubeconfigConnection } from './kubeconfig.ts';
import { CONFIGMAPS, ZOOKEEPERS } from './resources.ts';

interface Seen {
  method: string;
  url: string;
  contentType: string | undefined;
  auth: string | undefined;
  body: string;
}

const seen: Seen[] = [];
let respond: (req: IncomingMessage, res: ServerResponse) => void = () => {};
const server = createServer((req, res) => {
  let body = '';
  req.on('data', (chunk) => {
    body += chunk;
  });
  req.on('end', () => {
    seen.push({
      method: req.method ?? '',
      url: req.url ?? '',
      contentType: req.headers['content-type'],
      auth: req.headers.authorization,
      body,
    });
    respond(req, res);
  });
});
let api: HttpKubeApi;

before(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const config = new KubeConfig();
  config.loadFromClusterAndUser(
    { name: 'test', server: `http://127.0.0.1:${port}`, skipTLSVerify: true },
    { name: 'tester', token: 'secret-token' },
  );
  api = new HttpKubeApi(kubeconfigConnection(config));
});
after(() => {
  server.closeAllConnections();
  server.close();
});

const json = (res: ServerResponse, status: number, body: unknown): void => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

test('apply sends the object as an apply patch with field manager zkop, forced, authenticated', async () => {
  seen.length = 0;
  respond = (_req, res) =>
    json(res, 200, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', resourceVersion: '7' } });
  const cm = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'c', namespace: 'ns' },
    data: { a: '1' },
  };
  const live = await api.apply<KubernetesObject>(CONFIGMAPS, cm);
  assert.equal(live.metadata?.resourceVersion, '7');
  const [req] = seen;
  assert.equal(req?.method, 'PATCH');
  assert.equal(req?.url, '/api/v1/namespaces/ns/configmaps/c?fieldManager=zkop&force=true');
  assert.equal(req?.contentType, 'application/apply-patch+yaml');
  assert.equal(req?.auth, 'Bearer secret-token');
  assert.deepEqual(JSON.parse(req?.body ?? ''), cm);
});

test('status apply goes to the status subresource', async () => {
  seen.length = 0;
  respond = (_req, res) => json(res, 200, {});
  const zk = {
    apiVersion: ZOOKEEPERS.apiVersion,
    kind: 'ZooKeeper',
    metadata: { name: 'zk', namespace: 'ns' },
  };
  await api.applyStatus(ZOOKEEPERS, zk);
  assert.equal(
    seen[0]?.url,
    '/apis/zookeeper.zkop.dev/v1alpha1/namespaces/ns/zookeepers/zk/status?fieldManager=zkop&force=true',
  );
});

test('API errors carry the Status code, reason and message; get of a missing object is undefined', async () => {
  respond = (_req, res) =>
    json(res, 409, {
      kind: 'Status',
      code: 409,
      reason: 'Conflict',
      message: 'the object has been modified',
    });
  await assert.rejects(
    api.replace(CONFIGMAPS, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c', namespace: 'ns' },
    }),
    (err: unknown) =>
      err instanceof ApiError && err.code === 409 && err.message === 'the object has been modified',
  );
  respond = (_req, res) =>
    json(res, 404, { kind: 'Status', code: 404, reason: 'NotFound', message: 'not found' });
  assert.equal(await api.get(CONFIGMAPS, { namespace: 'ns', name: 'c' }), undefined);
  assert.equal(await api.delete(CONFIGMAPS, { namespace: 'ns', name: 'c' }), false);
});

test('delete sends preconditions in DeleteOptions', async () => {
  seen.length = 0;
  respond = (_req, res) => json(res, 200, { kind: 'Status', status: 'Success' });
  assert.equal(
    await api.delete(CONFIGMAPS, { namespace: 'ns', name: 'c' }, { preconditions: { uid: 'u1' } }),
    true,
  );
  assert.equal(seen[0]?.method, 'DELETE');
  assert.deepEqual(JSON.parse(seen[0]?.body ?? ''), {
    apiVersion: 'v1',
    kind: 'DeleteOptions',
    preconditions: { uid: 'u1' },
  });
});

test('list gives items their type back and returns the list resourceVersion', async () => {
  respond = (_req, res) =>
    json(res, 200, {
      kind: 'ConfigMapList',
      metadata: { resourceVersion: '42' },
      items: [{ metadata: { name: 'a' } }],
    });
  const list = await api.list(CONFIGMAPS, { namespace: 'ns', labelSelector: 'a=b' });
  assert.equal(list.resourceVersion, '42');
  assert.equal(list.items[0]?.kind, 'ConfigMap');
  assert.match(seen.at(-1)?.url ?? '', /labelSelector=a%3Db/);
});

test('watch streams events line by line, with the query the watch loop asks for', async () => {
  seen.length = 0;
  respond = (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write(
      `${JSON.stringify({ type: 'ADDED', object: { metadata: { name: 'a', resourceVersion: '5' } } })}\n`,
    );
    res.write(`${JSON.stringify({ type: 'BOOKMARK', object: { metadata: { resourceVersion: '6' } } })}\n`);
    res.end(
      `${JSON.stringify({ type: 'ERROR', object: { code: 410, reason: 'Expired', message: 'too old' } })}\n`,
    );
  };
  const events: WatchEvent<never>[] = [];
  const watch = api.watch(
    CONFIGMAPS,
    { namespace: 'ns', resourceVersion: '4', allowWatchBookmarks: true, timeoutSeconds: 60 },
    (e) => events.push(e as WatchEvent<never>),
  );
  await watch.done;
  assert.deepEqual(
    events.map((e) => e.type),
    ['ADDED', 'BOOKMARK', 'ERROR'],
  );
  assert.equal(
    seen[0]?.url,
    '/api/v1/namespaces/ns/configmaps?watch=true&resourceVersion=4&allowWatchBookmarks=true&timeoutSeconds=60',
  );
});

test('a stopped watch ends without error', async () => {
  respond = (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('\n');
  };
  const watch = api.watch(CONFIGMAPS, { resourceVersion: '1' }, () => {});
  await new Promise((r) => setTimeout(r, 50));
  watch.stop();
  await watch.done;
});
