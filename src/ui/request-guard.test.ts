import assert from 'node:assert/strict';
import { test } from 'node:test';
import { refusal } from './request-guard.ts';

test('GET and HEAD to its own address are answered', () => {
  assert.equal(refusal('GET', '127.0.0.1:8080', 8080), undefined);
  assert.equal(refusal('HEAD', 'localhost:8080', 8080), undefined);
});

test('anything that would change something is refused: zkop ui is read-only', () => {
  assert.equal(refusal('POST', '127.0.0.1:8080', 8080)?.status, 405);
  assert.equal(refusal('DELETE', '127.0.0.1:8080', 8080)?.status, 405);
});

test('another Host (a DNS name pointed at 127.0.0.1, another port) is refused', () => {
  assert.equal(refusal('GET', 'evil.example:8080', 8080)?.status, 421);
  assert.equal(refusal('GET', '127.0.0.1:9090', 8080)?.status, 421);
  assert.equal(refusal('GET', undefined, 8080)?.status, 421);
});
