import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ZooKeeperStatus } from '../../../api/spec.ts';
import { judge } from './progress.ts';
import type { ZooKeeperReading } from './requests.ts';

function reading(observedGeneration: number, ready: 'True' | 'False', operation: string): ZooKeeperReading {
  const status: ZooKeeperStatus = {
    observedGeneration,
    conditions: [
      {
        type: 'Ready',
        status: ready,
        observedGeneration,
        lastTransitionTime: '2026-01-01T00:00:00Z',
        reason: 'r',
        message: '',
      },
    ],
    operation: { type: operation, step: '', waitingFor: operation === 'Refused' ? 'spec invalid' : '' },
  };
  return { metadata: { name: 'zk', generation: 2 }, status };
}

const scaleGoal = { generation: 2, awaitWork: false };
const restartGoal = { generation: 2, awaitWork: true };

test('a status of an older generation is pending even when Ready', () => {
  assert.deepEqual(judge(reading(1, 'True', 'Idle'), scaleGoal, false), { state: 'pending', sawWork: false });
});

test('Ready of the new generation ends a scale', () => {
  assert.deepEqual(judge(reading(2, 'True', 'Idle'), scaleGoal, false), { state: 'ready' });
});

test('a restart waits for the work to show before Ready counts', () => {
  assert.deepEqual(judge(reading(2, 'True', 'Idle'), restartGoal, false), {
    state: 'pending',
    sawWork: false,
  });
  assert.deepEqual(judge(reading(2, 'False', 'Restart'), restartGoal, false), {
    state: 'pending',
    sawWork: true,
  });
  assert.deepEqual(judge(reading(2, 'True', 'Idle'), restartGoal, true), { state: 'ready' });
});

test('a refused generation is stuck with the reason', () => {
  assert.deepEqual(judge(reading(2, 'False', 'Refused'), scaleGoal, false), {
    state: 'stuck',
    message: 'spec invalid',
  });
});

test('a paused ensemble that has not done the work is stuck', () => {
  const verdict = judge(reading(2, 'True', 'Paused'), restartGoal, false);
  assert.equal(verdict.state, 'stuck');
});
