import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fromLegacyState, isLegacyState } from './legacy-state.ts';
import { newEnsembleState } from './new-ensemble.ts';
import type { LocalState } from './state.ts';

test('a state.json without a lifecycle record reads as members all started with the initial config', async () => {
  const { lifecycle: _, ...legacy } = await newEnsembleState(
    'zk',
    { version: '3.9.4', replicas: 3, observers: 1 },
    new Date(),
  );
  const old: LocalState = legacy;
  assert.equal(isLegacyState(old), true);
  const read = fromLegacyState(old, 'hash');
  assert.equal(isLegacyState(read), false);
  assert.deepEqual(read.lifecycle?.config, {
    version: '0',
    members: [
      { id: 1, role: 'participant' },
      { id: 2, role: 'participant' },
      { id: 3, role: 'participant' },
      { id: 4, role: 'observer' },
    ],
  });
  assert.deepEqual(read.lifecycle?.members['4'], {
    version: '3.9.4',
    configHash: 'hash',
    restartToken: '',
    hadData: false,
  });
});

test('a new ensemble has an empty lifecycle record: no config until its first member starts', async () => {
  const state = await newEnsembleState('zk', { version: '3.9.4', replicas: 3 }, new Date());
  assert.equal(isLegacyState(state), false);
  assert.deepEqual(state.lifecycle, { restartToken: '', members: {} });
  assert.deepEqual(state.processes, {});
});
