import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RESTART_TOKEN_ANNOTATION } from '../render/index.ts';
import { newRestartToken, restartPatch, scalePatch } from './requests.ts';

test('scale patches replicas, and observers only when given', () => {
  assert.deepEqual(scalePatch(5), { spec: { replicas: 5 } });
  assert.deepEqual(scalePatch(3, 0), { spec: { replicas: 3, observers: 0 } });
});

test('restart patches the restart-token annotation only', () => {
  assert.deepEqual(restartPatch('t1'), { metadata: { annotations: { [RESTART_TOKEN_ANNOTATION]: 't1' } } });
  assert.equal(RESTART_TOKEN_ANNOTATION, 'zookeeper.zkop.dev/restart-token');
});

test('restart tokens of different moments differ', () => {
  const a = newRestartToken(new Date('2026-01-01T00:00:00.000Z'));
  const b = newRestartToken(new Date('2026-01-01T00:00:00.001Z'));
  assert.notEqual(a, b);
  assert.equal(a, '2026-01-01T00:00:00.000Z');
});
