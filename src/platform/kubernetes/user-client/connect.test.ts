import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KubeConfig } from '@kubernetes/client-node';
import { namespaceOf } from './connect.ts';

function config(current: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'c', server: 'https://127.0.0.1:6443', skipTLSVerify: true }],
    users: [{ name: 'u', token: 't' }],
    contexts: [
      { name: 'with-ns', cluster: 'c', user: 'u', namespace: 'team' },
      { name: 'plain', cluster: 'c', user: 'u' },
    ],
    currentContext: current,
  });
  return kc;
}

test('an explicit namespace wins over the context', () => {
  assert.equal(namespaceOf(config('with-ns'), 'prod'), 'prod');
});

test("without one, the context's namespace, else default", () => {
  assert.equal(namespaceOf(config('with-ns'), undefined), 'team');
  assert.equal(namespaceOf(config('plain'), undefined), 'default');
});
