import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { V1ConfigMap } from '@kubernetes/client-node';
import { ApiError } from '../client/kube-api.ts';
import { CONFIGMAPS } from '../client/resources.ts';
import { FakeKubeApi } from '../testing/fake-api.ts';
import {
  APPLIED_HASH_ANNOTATION,
  applyChanged,
  contains,
  isUpToDate,
  withAppliedHash,
} from './apply-changes.ts';

const cm = (data: Record<string, string>): V1ConfigMap => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'c', namespace: 'ns' },
  data,
});

test('live objects may carry more fields, never other values', () => {
  assert.ok(contains({ a: 1, b: { c: 'x', d: 2 } }, { b: { c: 'x' } }));
  assert.ok(!contains({ a: 1 }, { a: 2 }));
  assert.ok(contains([{ name: 'x', extra: 1 }], [{ name: 'x' }]));
  assert.ok(!contains([{ name: 'x' }, { name: 'y' }], [{ name: 'x' }]));
  assert.ok(contains({ port: '8080' }, { port: 8080 }));
});

test('an empty list matches a list the API server left out, and only an empty one', () => {
  assert.ok(contains({ addressType: 'IPv4' }, { endpoints: [] }));
  assert.ok(contains({ endpoints: null }, { endpoints: [] }));
  assert.ok(!contains({}, { endpoints: [{ addresses: ['10.96.0.1'] }] }));
  assert.ok(!contains({ endpoints: [{ addresses: ['10.96.0.1'] }] }, { endpoints: [] }));
});

test('a field zkop stopped rendering changes the hash, so the object is applied again', () => {
  const old = withAppliedHash(cm({ a: '1', b: '2' }));
  const next = withAppliedHash(cm({ a: '1' }));
  assert.notEqual(
    old.metadata?.annotations?.[APPLIED_HASH_ANNOTATION],
    next.metadata?.annotations?.[APPLIED_HASH_ANNOTATION],
  );
  assert.ok(!isUpToDate(old, next));
  assert.ok(isUpToDate(next, next));
});

test('applyChanged applies only what differs', async () => {
  const server = new FakeKubeApi();
  const api = server.client();
  const read = (type: Parameters<typeof api.get>[0], ref: Parameters<typeof api.get>[1]) =>
    api.get(type, ref);
  assert.equal((await applyChanged(api, read, [cm({ a: '1' })])).length, 1);
  assert.equal((await applyChanged(api, read, [cm({ a: '1' })])).length, 0);
  await server.client('someone').apply(CONFIGMAPS, cm({ a: 'changed by hand' }), { force: true });
  assert.equal((await applyChanged(api, read, [cm({ a: '1' })])).length, 1, 'drift is corrected');
  assert.equal(server.peek<V1ConfigMap>(CONFIGMAPS, { namespace: 'ns', name: 'c' })?.data?.a, '1');
});

test('an object whose type the API server does not serve fails with what to do', async () => {
  const server = new FakeKubeApi();
  const api = server.client();
  server.failNext('apply', new ApiError(404, 'NotFound', 'the server could not find the requested resource'));
  await assert.rejects(
    applyChanged(api, async () => undefined, [cm({ a: '1' })]),
    /does not serve v1 configmaps; install its CustomResourceDefinition/,
  );
});

test('resource quantities the API server stores in canonical form count as equal', () => {
  const resources = (cpu: string, memory: string) => ({
    spec: { containers: [{ name: 'zookeeper', resources: { requests: { cpu, memory } } }] },
  });
  assert.ok(contains(resources('500m', '1Gi'), resources('0.5', '1024Mi')));
  assert.ok(contains(resources('1', '1536Mi'), resources('1000m', '1.5Gi')));
  assert.ok(!contains(resources('500m', '1Gi'), resources('0.6', '1Gi')));
  // Outside resource maps a string is a string.
  assert.ok(!contains({ env: [{ name: 'X', value: '0.5' }] }, { env: [{ name: 'X', value: '500m' }] }));
});
