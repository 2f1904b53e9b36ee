import assert from 'node:assert/strict';
import { test } from 'node:test';
import { superDigest } from '../../../config/super-digest.ts';
import { renderContext } from './context.ts';
import { renderSuperUserSecret } from './secret.ts';
import { storedZooKeeper, TEST_UID } from './testing/test-helpers.ts';

const decode = (value: string | undefined) => Buffer.from(value ?? '', 'base64').toString('utf8');

test('the super user Secret holds the password and its ZooKeeper digest', () => {
  const secret = renderSuperUserSecret(renderContext(storedZooKeeper()), 'p@ss word');
  assert.equal(secret.metadata?.name, 'zk-super');
  assert.equal(secret.metadata?.namespace, 'demo');
  assert.equal(secret.metadata?.ownerReferences?.[0]?.uid, TEST_UID);
  assert.equal(secret.type, 'Opaque');
  assert.equal(decode(secret.data?.password), 'p@ss word');
  assert.equal(decode(secret.data?.digest), superDigest('p@ss word'));
});

test('the Secret is named as the options or the spec say', () => {
  const ctx = renderContext(storedZooKeeper(), { superPasswordSecretName: 'given' });
  assert.equal(renderSuperUserSecret(ctx, 'x').metadata?.name, 'given');
});

test('an empty password is refused', () => {
  assert.throws(() => renderSuperUserSecret(renderContext(storedZooKeeper()), ''), /must not be empty/);
});
