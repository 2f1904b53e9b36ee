import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SUPPORTED_VERSIONS } from '../../../api/versions.ts';
import { renderResolverPom } from './resolver-pom.ts';
import { hasRuntimeArtifacts, runtimeArtifacts } from './runtime-artifacts.ts';

test('every supported version has its runtime dependency table', () => {
  for (const v of SUPPORTED_VERSIONS) assert.ok(hasRuntimeArtifacts(v.version), `${v.version} has no table`);
});

test('the server, its logging binding and the AdminServer are resolved; metrics only when available', () => {
  const ids = (prometheus: boolean) => runtimeArtifacts('3.9.4', prometheus).map((a) => a.artifactId);
  for (const id of ['zookeeper', 'logback-classic', 'jetty-server', 'jetty-servlet', 'jackson-databind']) {
    assert.ok(ids(true).includes(id), id);
  }
  assert.ok(ids(true).includes('zookeeper-prometheus-metrics'));
  assert.ok(!ids(false).includes('zookeeper-prometheus-metrics'));
  assert.ok(runtimeArtifacts('3.9.4', true).every((a) => a.version !== ''));
});

test("each version's logging binding is the backend its catalog entry names", () => {
  const bindings = { logback: 'logback-classic', log4j: 'slf4j-reload4j' } as const;
  for (const v of SUPPORTED_VERSIONS) {
    const ids = runtimeArtifacts(v.version, v.prometheusMetrics).map((a) => a.artifactId);
    const found = Object.values(bindings).filter((binding) => ids.includes(binding));
    assert.deepEqual(found, [bindings[v.logging]], v.version);
  }
  const ids372 = runtimeArtifacts('3.7.2', false).map((a) => a.artifactId);
  assert.ok(ids372.includes('reload4j'), 'the binding of 3.7 brings no backend along');
});

test('an unknown version has no table', () => {
  assert.equal(hasRuntimeArtifacts('3.4.0'), false);
  assert.throws(() => runtimeArtifacts('3.4.0', false), /no runtime dependency table/);
});

test('the resolver pom lists every artifact with its version and names no repository', () => {
  const artifacts = runtimeArtifacts('3.8.3', true);
  const pom = renderResolverPom('3.8.3', artifacts);
  for (const a of artifacts) {
    assert.ok(
      pom.includes(`<artifactId>${a.artifactId}</artifactId>\n      <version>${a.version}</version>`),
      a.artifactId,
    );
  }
  assert.doesNotMatch(pom, /<repositor/);
});
