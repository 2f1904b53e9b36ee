import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyDefaults } from '../../../api/defaults.ts';
import { findVersion } from '../../../api/versions.ts';
import { desiredOf, startConfigHash } from './desired.ts';

const spec = applyDefaults({ version: '3.9.4', replicas: 3 });
const features = findVersion('3.9.4');
if (!features) throw new Error('3.9.4 is in the catalog');
const hash = (s = spec) => startConfigHash(s, features, 'logback', 'pw');

test('desired shape, version and storage policy come from the spec', () => {
  const desired = desiredOf({ spec, restartToken: 't', configHash: 'h', leaderHandoff: true });
  assert.deepEqual(desired, {
    replicas: 3,
    observers: 0,
    version: '3.9.4',
    configHash: 'h',
    restartToken: 't',
    paused: false,
    leaderHandoff: true,
    removedStorage: 'delete',
  });
  const retained = desiredOf({
    spec: { ...spec, deletionPolicy: 'Retain' },
    restartToken: '',
    configHash: '',
    leaderHandoff: false,
  });
  assert.equal(retained.removedStorage, 'retain');
});

test('the start config hash follows config changes but not membership', () => {
  assert.equal(hash(), hash({ ...spec, replicas: 5, observers: 2 }));
  assert.notEqual(hash(), hash({ ...spec, config: { ...spec.config, tickTime: 3000 } }));
  assert.notEqual(hash(), hash({ ...spec, jvm: { ...spec.jvm, heap: '1Gi' } }));
  assert.notEqual(hash(), hash({ ...spec, logging: { level: 'DEBUG' } }));
});
