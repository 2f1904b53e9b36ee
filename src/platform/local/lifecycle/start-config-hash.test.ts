import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyDefaults } from '../../../api/defaults.ts';
import { findVersion } from '../../../api/versions.ts';
import { startConfigHash } from './start-config-hash.ts';

const spec = applyDefaults({ version: '3.9.4', replicas: 3 });
const features = findVersion('3.9.4');
if (!features) throw new Error('3.9.4 is in the catalog');
const hash = (s = spec) => startConfigHash(s, features, 'logback', 'pw');

test('the start config hash follows config changes but not membership', () => {
  assert.equal(hash(), hash({ ...spec, replicas: 5, observers: 2 }));
  assert.notEqual(hash(), hash({ ...spec, config: { ...spec.config, tickTime: 3000 } }));
  assert.notEqual(hash(), hash({ ...spec, jvm: { ...spec.jvm, heap: '1Gi' } }));
  assert.notEqual(hash(), hash({ ...spec, logging: { level: 'DEBUG' } }));
});
