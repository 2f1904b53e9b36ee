import assert from 'node:assert/strict';
import { test } from 'node:test';
import { operationText } from './format-operation.ts';

test('type, step and what it waits for; empty parts left out', () => {
  assert.equal(
    operationText({ type: 'Scale', step: 'add member 4', waitingFor: 'member 4 to sync' }),
    'Scale: add member 4; waiting for member 4 to sync',
  );
  assert.equal(operationText({ type: 'Restart', step: 'restart 2', waitingFor: '' }), 'Restart: restart 2');
  assert.equal(operationText({ type: 'Heal', step: '' }), 'Heal');
});
