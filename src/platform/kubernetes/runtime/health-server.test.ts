import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startHealthServer } from './health-server.ts';
import { OperatorMetrics } from './metrics.ts';

test('health, readiness and metrics endpoints', async (t) => {
  const metrics = new OperatorMetrics();
  let ready = false;
  const server = await startHealthServer(
    '127.0.0.1:0',
    { healthy: () => true, ready: () => ready },
    metrics.registry,
  );
  t.after(() => server.close());
  const base = `http://127.0.0.1:${server.address.port}`;
  assert.equal((await fetch(`${base}/healthz`)).status, 200);
  assert.equal((await fetch(`${base}/readyz`)).status, 503);
  ready = true;
  assert.equal((await fetch(`${base}/readyz`)).status, 200);
  metrics.ensemble('demo/zk', 'Scale', false);
  metrics.ensemble('demo/zk', 'Idle', true);
  const text = await (await fetch(`${base}/metrics`)).text();
  assert.match(text, /zkop_ensemble_ready\{namespace="demo",name="zk"\} 1/);
  assert.match(text, /zkop_ensemble_operation\{namespace="demo",name="zk",operation="Idle"\} 1/);
  assert.doesNotMatch(text, /operation="Scale"/);
  assert.equal((await fetch(`${base}/nope`)).status, 404);
});

test('a malformed address is refused with what to pass', async () => {
  await assert.rejects(
    startHealthServer(
      'localhost:http',
      { healthy: () => true, ready: () => true },
      new OperatorMetrics().registry,
    ),
    /not host:port/,
  );
});
