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
