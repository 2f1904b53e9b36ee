/**
 * Golden tests: each case of testdata-cases.ts is rendered to testdata/<case>.yaml.
 * After an intended change, regenerate the files and review the diff:
 *
 *   ZKOP_UPDATE_GOLDEN=1 scripts/node --test src/platform/kubernetes/render/render-objects.test.ts
 *   git diff src/platform/kubernetes/render/testdata
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { KubernetesObject } from '@kubernetes/client-node';
import { stringify } from 'yaml';
import { renderObjects } from './render-objects.ts';
import { GOLDEN_CASES } from './testing/testdata-cases.ts';

const TESTDATA = join(import.meta.dirname, 'testdata');
const update = process.env.ZKOP_UPDATE_GOLDEN === '1';

const toYaml = (objects: KubernetesObject[]): string =>
  objects.map((o) => `---\n${stringify(o, { lineWidth: 0 })}`).join('');

describe('golden Kubernetes objects', () => {
  for (const [name, { zk, options }] of Object.entries(GOLDEN_CASES)) {
    test(name, () => {
      const path = join(TESTDATA, `${name}.yaml`);
      const yaml = toYaml(renderObjects(zk, options));
      if (update) {
        mkdirSync(TESTDATA, { recursive: true });
        writeFileSync(path, yaml);
      }
      assert.ok(
        existsSync(path),
        `${path} is missing; regenerate with ZKOP_UPDATE_GOLDEN=1 (see this file's header)`,
      );
      assert.equal(yaml, readFileSync(path, 'utf8'), `${path} differs from the rendering`);
    });
  }

  test('rendering is deterministic and does not modify its input', () => {
    for (const { zk, options } of Object.values(GOLDEN_CASES)) {
      const before = structuredClone(zk);
      assert.deepEqual(renderObjects(zk, options), renderObjects(structuredClone(zk), options));
      assert.deepEqual(zk, before);
    }
  });
});
