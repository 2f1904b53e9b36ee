/**
 * Rules over the import graph of src/: test support lives in `testing/` folders beside what it
 * supports and never reaches production code (the build leaves out `src/**\/testing/**`), and
 * production code imports nothing from the test tree.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';

const SRC = import.meta.dirname;
const TEST_TREE = join(SRC, '..', 'test');
const IMPORT = /(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

const isTestSupport = (path: string) =>
  path.endsWith('.test.ts') || relative(SRC, path).split('/').includes('testing');

function importsOf(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(IMPORT)].map((m) => resolve(dirname(file), m[1] ?? ''));
}

test('no production file imports test support or the test tree', () => {
  const wrong = sources(SRC)
    .filter((f) => !isTestSupport(f))
    .flatMap((file) =>
      importsOf(file)
        .filter((target) => isTestSupport(target) || target.startsWith(`${TEST_TREE}/`))
        .map((target) => `${relative(SRC, file)} -> ${relative(SRC, target)}`),
    );
  assert.deepEqual(wrong, []);
});

test('test support sits in testing/ folders, not among production files', () => {
  const supportNames = /(^fake-|fixture|test-helpers|testdata-cases|rule-cases|test-manifests|simulated-)/;
  const misplaced = sources(SRC)
    .filter((f) => !isTestSupport(f) && supportNames.test(f.split('/').at(-1) ?? ''))
    .map((f) => relative(SRC, f));
  assert.deepEqual(misplaced, []);
});
