import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { makeTestCerts } from '../../../../test/support/tls-certs.ts';
import { HttpKubeApi } from './http-api.ts';
import { inClusterConnection } from './in-cluster.ts';
import { CONFIGMAPS } from './resources.ts';

const dir = mkdtempSync(join(tmpdir(), 'zkop-in-cluster-'));
const certs = makeTestCerts(join(dir, 'certs'));
const tokenFile = join(dir, 'token');
const seen: { method: string; url: string; auth: string | undefined; body: string }[] = [];
let server: Server;
let port = '';

before(async () => {
  server = createServer(
    { key: readFileSync(certs.server.key), cert: readFileSync(certs.server.cert) },
    async (req, res) => {
      let body = '';
      for await (const chunk of req) body += chunk;
      seen.push({ method: req.method ?? '', url: req.url ?? '', auth: req.headers.authorization, body });
      if (req.url?.includes('watch=true')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write(`${JSON.stringify({ type: 'ADDED', object: { metadata: { name: 'ü' } } })}\n`);
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ kind: 'ConfigMap', metadata: { name: 'c' }, data: { text: 'ä'.repeat(70_000) } }),
      );
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = String((server.address() as AddressInfo).port);
});
after(() => {
  server.closeAllConnections();
  server.close();
  rmSync(dir, { recursive: true, force: true });
});

test("requests go to the pod's API server address over TLS, verified with the cluster's CA, with the account's token read again after a minute", async () => {
  let now = 0;
  writeFileSync(tokenFile, 'first-token\n');
  const api = new HttpKubeApi(
    inClusterConnection({ host: '127.0.0.1', port, tokenFile, caFile: certs.ca.cert, now: () => now }),
  );
  const read = await api.get<{ data?: { text?: string } } & { metadata?: object }>(CONFIGMAPS, {
    namespace: 'ns',
    name: 'c',
  });
  assert.equal(read?.data?.text, 'ä'.repeat(70_000), 'a body over many chunks is read whole');
  writeFileSync(tokenFile, 'second-token\n');
  now = 59_000;
  await api.get(CONFIGMAPS, { namespace: 'ns', name: 'c' });
  now = 60_000;
  await api.get(CONFIGMAPS, { namespace: 'ns', name: 'c' });
  assert.deepEqual(
    seen.slice(-3).map((s) => s.auth),
    ['Bearer first-token', 'Bearer first-token', 'Bearer second-token'],
  );
  assert.equal(seen.at(-1)?.url, '/api/v1/namespaces/ns/configmaps/c');

  const events: string[] = [];
  const watch = api.watch(CONFIGMAPS, { namespace: 'ns', resourceVersion: '1' }, (e) =>
    events.push(`${e.type} ${JSON.stringify(e.object)}`),
  );
  await watch.done;
  assert.deepEqual(events, ['ADDED {"metadata":{"name":"ü"}}']);
});

test('a DELETE carries its options as a body the server reads whole, and the connection serves the next request', async () => {
  writeFileSync(tokenFile, 'token\n');
  const api = new HttpKubeApi(
    inClusterConnection({ host: '127.0.0.1', port, tokenFile, caFile: certs.ca.cert }),
  );
  assert.equal(
    await api.delete(CONFIGMAPS, { namespace: 'ns', name: 'c' }, { propagationPolicy: 'Orphan' }),
    true,
  );
  await api.get(CONFIGMAPS, { namespace: 'ns', name: 'c' });
  const [deleted, next] = seen.slice(-2);
  assert.equal(deleted?.method, 'DELETE');
  assert.deepEqual(JSON.parse(deleted?.body ?? ''), {
    apiVersion: 'v1',
    kind: 'DeleteOptions',
    propagationPolicy: 'Orphan',
  });
  assert.equal(next?.method, 'GET');
  assert.equal(next?.body, '');
});

test('a server whose certificate the CA did not sign is refused', async () => {
  writeFileSync(tokenFile, 'token\n');
  const api = new HttpKubeApi(
    inClusterConnection({ host: '127.0.0.1', port, tokenFile, caFile: certs.otherCa.cert }),
  );
  await assert.rejects(api.get(CONFIGMAPS, { namespace: 'ns', name: 'c' }), /certificate/);
});

test('outside a pod it says how to connect instead', () => {
  assert.throws(() => inClusterConnection({ host: '' }), /KUBERNETES_SERVICE_HOST.*--kubeconfig/);
});
