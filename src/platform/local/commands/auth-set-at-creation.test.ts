import assert from 'node:assert/strict';
import { test } from 'node:test';
import { authSetAtCreation } from './auth-set-at-creation.ts';

test('client and quorum SASL are refused when they change for an existing ensemble, the field named', () => {
  const plain = { version: '3.9.4' };
  const quorum = { ...plain, auth: { quorum: { sasl: true } } };
  const client = { ...plain, auth: { client: { sasl: true } } };
  assert.equal(authSetAtCreation(quorum, { ...quorum, replicas: 5 }), undefined);
  assert.equal(authSetAtCreation(plain, { ...plain, auth: { quorum: { sasl: false } } }), undefined);
  assert.match(authSetAtCreation(plain, quorum) ?? '', /^spec\.auth\.quorum\.sasl: turning SASL quorum/);
  assert.match(authSetAtCreation(quorum, plain) ?? '', /^spec\.auth\.quorum\.sasl: /);
  assert.match(authSetAtCreation(client, plain) ?? '', /^spec\.auth\.client\.sasl: turning SASL client/);
  // allowUnauthenticated is a plain roll.
  const open = { ...plain, auth: { client: { sasl: true, allowUnauthenticated: true } } };
  assert.equal(authSetAtCreation(client, open), undefined);
});
