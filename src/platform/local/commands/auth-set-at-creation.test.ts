import assert from 'node:assert/strict';
import { test } from 'node:test';
import { authSetAtCreation } from './auth-set-at-creation.ts';

test('client SASL is refused when it changes for an existing ensemble, the field named; quorum SASL rolls', () => {
  const plain = { version: '3.9.4' };
  const quorum = { ...plain, auth: { quorum: { sasl: true } } };
  const client = { ...plain, auth: { client: { sasl: true } } };
  assert.equal(authSetAtCreation(quorum, { ...quorum, replicas: 5 }), undefined);
  assert.equal(authSetAtCreation(plain, { ...plain, auth: { quorum: { sasl: false } } }), undefined);
  assert.equal(authSetAtCreation(plain, quorum), undefined);
  assert.equal(authSetAtCreation(quorum, plain), undefined);
  assert.match(authSetAtCreation(client, plain) ?? '', /^spec\.auth\.client\.sasl: turning SASL client/);
  // allowUnauthenticated is a plain roll.
  const open = { ...plain, auth: { client: { sasl: true, allowUnauthenticated: true } } };
  assert.equal(authSetAtCreation(client, open), undefined);
});
