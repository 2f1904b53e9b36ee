import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import packageJson from '../../package.json' with { type: 'json' };
import {
  CHART_DIR,
  DEPLOY_DIR,
  IMAGE_NAME,
  manifestFiles,
  operatorImage,
  parseManifests,
  readManifests,
} from './manifests.ts';

describe('deploy/ manifests', () => {
  const files = manifestFiles();

  it('finds the CRD, both operator variants and the kustomizations', () => {
    for (const expected of [
      'crds/zookeeper.zkop.dev_zookeepers.yaml',
      'kustomization.yaml',
      'operator/cluster-wide/cluster-role.yaml',
      'operator/namespaced/role.yaml',
      'operator/common/deployment.yaml',
      'operator/common/do-not-terminate-policy.yaml',
    ]) {
      assert.ok(files.includes(expected), `${expected} missing from ${files.join(', ')}`);
    }
  });

  for (const file of files) {
    it(`${file} parses and names each object`, () => {
      const manifests = readManifests(file);
      assert.ok(manifests.length > 0, `${file} holds no document`);
      for (const [i, m] of manifests.entries()) {
        const where = `${file} document ${i + 1}`;
        assert.equal(typeof m.apiVersion, 'string', `${where}: apiVersion`);
        assert.equal(typeof m.kind, 'string', `${where}: kind`);
        assert.equal(typeof m.metadata?.name, 'string', `${where}: metadata.name`);
      }
    });
  }

  it("the chart's metadata and values parse", () => {
    const [chart] = parseManifests(readFileSync(join(CHART_DIR, 'Chart.yaml'), 'utf8'), 'Chart.yaml');
    assert.equal(chart?.apiVersion, 'v2');
    assert.equal(chart?.name, 'zkop');
    const [values] = parseManifests(readFileSync(join(CHART_DIR, 'values.yaml'), 'utf8'), 'values.yaml');
    assert.deepEqual(values?.watchNamespaces, []);
  });

  it('default to the operator image `npm run image` builds: its name, tagged with the package version', () => {
    const build = readFileSync(join(DEPLOY_DIR, 'image/build.sh'), 'utf8');
    assert.match(build, /^ref="\$\{IMAGE:-([^}]+)\}:\$\{IMAGE_TAG:-\$version\}"$/m);
    assert.equal(/^ref="\$\{IMAGE:-([^}]+)\}/m.exec(build)?.[1], IMAGE_NAME);
    const [chart] = parseManifests(readFileSync(join(CHART_DIR, 'Chart.yaml'), 'utf8'), 'Chart.yaml');
    assert.equal(chart?.appVersion, packageJson.version, "the chart's appVersion is zkop's package version");
    const [values] = parseManifests(readFileSync(join(CHART_DIR, 'values.yaml'), 'utf8'), 'values.yaml');
    assert.deepEqual(values?.image, { repository: IMAGE_NAME, tag: '', pullPolicy: 'IfNotPresent' });
    const deployment = readManifests('operator/common/deployment.yaml');
    assert.equal(operatorImage(deployment), `${IMAGE_NAME}:${packageJson.version}`);
    // Every install path carries that Deployment: the default kustomization and both variants.
    for (const kustomization of ['operator/cluster-wide', 'operator/namespaced']) {
      const [k] = readManifests(`${kustomization}/kustomization.yaml`);
      assert.ok(((k?.resources ?? []) as string[]).includes('../common'), kustomization);
      assert.equal(k?.images, undefined, `${kustomization} sets no other image`);
    }
  });

  it("the chart's CRD is the generated one (run deploy/helm/sync-crds.sh after gen-crd.ts)", () => {
    const generated = readFileSync(join(DEPLOY_DIR, 'crds/zookeeper.zkop.dev_zookeepers.yaml'), 'utf8');
    const chartCopy = readFileSync(join(CHART_DIR, 'files/crds/zookeeper.zkop.dev_zookeepers.yaml'), 'utf8');
    assert.ok(generated === chartCopy, 'the CRD in deploy/helm/zkop/files/crds/ differs from deploy/crds/');
  });
});
