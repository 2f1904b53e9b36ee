import assert from 'node:assert/strict';
import { test } from 'node:test';
import { zookeeper } from './testing/test-manifests.ts';
import { validateZooKeeper } from './validate.ts';
import { releaseFeatures, SUPPORTED_MINORS, SUPPORTED_VERSIONS, supportedMinorList } from './versions.ts';

test('every version zkop runs locally is one the resource admits, and each minor has one', () => {
  for (const { version } of SUPPORTED_VERSIONS) {
    assert.deepEqual(validateZooKeeper(zookeeper({ version })), [], version);
  }
  const minors = new Set(SUPPORTED_VERSIONS.map((v) => v.version.split('.').slice(0, 2).join('.')));
  assert.deepEqual([...minors], [...SUPPORTED_MINORS]);
  assert.equal(supportedMinorList(), '3.7.x, 3.8.x or 3.9.x');
});

test('3.7 logs through log4j 1.2 (reload4j), 3.8 and 3.9 through logback; snapshots only on 3.9', () => {
  assert.deepEqual(
    ['3.7.2', '3.8.3', '3.9.4'].map((v) => releaseFeatures(v).logging),
    ['log4j', 'logback', 'logback'],
  );
  assert.deepEqual(
    ['3.7.2', '3.8.3', '3.9.4'].map((v) => releaseFeatures(v).adminSnapshot),
    [false, false, true],
  );
});

test('3.7.2 runs without the metrics provider here: Maven publishes none for 3.7', () => {
  assert.equal(SUPPORTED_VERSIONS.find((v) => v.version === '3.7.2')?.prometheusMetrics, false);
  assert.equal(releaseFeatures('3.7.2').prometheusMetrics, true, 'the release (and its image) ships one');
});
