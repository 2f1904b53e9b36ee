import assert from 'node:assert/strict';
import { test } from 'node:test';
import { superDigest } from './super-digest.ts';

// Expected values from: printf 'super:<password>' | openssl sha1 -binary | base64
test('superDigest is base64(sha1("super:" + password))', () => {
  assert.equal(superDigest('s3cret'), '3/BRixgtJK5zIu/gWZCB29+Rzoo=');
  assert.equal(superDigest(''), 'ntK0uRI/TdJ1mOFJMdWc5P3hDBU=');
});
