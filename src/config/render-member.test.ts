/**
 * Golden tests: each case of testdata-cases.ts is rendered and compared with testdata/<case>/.
 * After an intended change, regenerate the files and review the diff:
 *
 *   ZKOP_UPDATE_GOLDEN=1 scripts/node --test src/config/render-member.test.ts && git diff src/config/testdata
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { type RenderedMember, renderMember } from './render-member.ts';
import { GOLDEN_CASES } from './testing/testdata-cases.ts';

const TESTDATA = join(import.meta.dirname, 'testdata');
const update = process.env.ZKOP_UPDATE_GOLDEN === '1';

function goldenFiles(rendered: RenderedMember): Record<string, string> {
  return {
    'zoo.cfg': rendered.zooCfg,
    'zoo.cfg.dynamic': rendered.dynamicConfig,
    myid: rendered.myid,
    [rendered.logging.fileName]: rendered.logging.content,
    'jvm.flags': `${rendered.jvmFlags.join('\n')}\n`,
    'config-hash': `${rendered.configHash}\n`,
    ...(rendered.jaas === undefined ? {} : { 'jaas.conf': rendered.jaas }),
  };
}

describe('golden rendering', () => {
  for (const [name, input] of Object.entries(GOLDEN_CASES)) {
    test(name, () => {
      const dir = join(TESTDATA, name);
      const files = goldenFiles(renderMember(input));
      if (update) {
        mkdirSync(dir, { recursive: true });
        for (const [file, content] of Object.entries(files)) writeFileSync(join(dir, file), content);
      }
      for (const [file, content] of Object.entries(files)) {
        const path = join(dir, file);
        assert.ok(
          existsSync(path),
          `${path} is missing; regenerate with ZKOP_UPDATE_GOLDEN=1 (see this file's header)`,
        );
        assert.equal(content, readFileSync(path, 'utf8'), `${path} differs from the rendering`);
      }
    });
  }

  test('rendering is deterministic', () => {
    for (const input of Object.values(GOLDEN_CASES))
      assert.deepEqual(renderMember(input), renderMember(input));
  });
});
