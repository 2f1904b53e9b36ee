/**
 * Rules over the import graph of src/: test support lives in `testing/` folders beside what it
 * supports and never reaches production code (the build leaves out `src/**\/testing/**`), and
 * production code imports nothing from the test tree. Kubernetes code is layered by job: `client/`
 * and `runtime/` know no reconcile. Local code too: `state/` and `process/` know no lifecycle loop
 * and no command, the loop and the backup procedures know no command. `shared/` knows neither
 * platform, and the command line sees each platform only through its `index.ts` (and the shared
 * error type). No production file reaches itself through its imports. The backup format
 * (`backup/`) is pure like api/: it imports nothing that does I/O, and the backup stores
 * (`backup-store/`) know no ZooKeeper and no platform.
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

const PLATFORM = join(SRC, 'platform');
const KUBERNETES = join(PLATFORM, 'kubernetes');
const LOCAL = join(PLATFORM, 'local');
const SHARED = join(PLATFORM, 'shared');
const within = (root: string) => (dir: string) => (path: string) => path.startsWith(`${join(root, dir)}/`);
const under = within(KUBERNETES);
const underLocal = within(LOCAL);

const isTestSupport = (path: string) =>
  path.endsWith('.test.ts') || relative(SRC, path).split('/').includes('testing');

function importsOf(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(IMPORT)].map((m) => resolve(dirname(file), m[1] ?? ''));
}

/** Where `files` import what `forbidden` says they must not, as `file -> target`. */
function wrongImports(files: string[], forbidden: (target: string) => boolean): string[] {
  return files.flatMap((file) =>
    importsOf(file)
      .filter(forbidden)
      .map((target) => `${relative(SRC, file)} -> ${relative(SRC, target)}`),
  );
}

test('no production file imports test support or the test tree', () => {
  const wrong = wrongImports(
    sources(SRC).filter((f) => !isTestSupport(f)),
    (target) => isTestSupport(target) || target.startsWith(`${TEST_TREE}/`),
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

test('kubernetes client/ and runtime/ import nothing of reconcile/, operator/ or user-client/', () => {
  const above = ['reconcile', 'operator', 'user-client'].map(under);
  const wrong = [
    ...wrongImports(sources(join(KUBERNETES, 'client')), (t) =>
      [...above, under('runtime')].some((u) => u(t)),
    ),
    ...wrongImports(sources(join(KUBERNETES, 'runtime')), (t) => above.some((u) => u(t))),
  ];
  assert.deepEqual(wrong, []);
});

test("kubernetes user-client/ (the user's side) imports nothing of reconcile/ or operator/", () => {
  const operatorSide = ['reconcile', 'operator'].map(under);
  const wrong = wrongImports(sources(join(KUBERNETES, 'user-client')), (t) => operatorSide.some((u) => u(t)));
  assert.deepEqual(wrong, []);
});

test('local state/ and process/ import nothing of lifecycle/ or commands/, lifecycle/ and backup/ nothing of commands/', () => {
  const above = ['lifecycle', 'commands'].map(underLocal);
  const wrong = [
    ...wrongImports(sources(join(LOCAL, 'state')), (t) => above.some((u) => u(t))),
    ...wrongImports(sources(join(LOCAL, 'process')), (t) => above.some((u) => u(t))),
    ...wrongImports(sources(join(LOCAL, 'lifecycle')), underLocal('commands')),
    ...wrongImports(sources(join(LOCAL, 'backup')), underLocal('commands')),
  ];
  assert.deepEqual(wrong, []);
});

test('platform/shared/ imports nothing of either platform', () => {
  const wrong = wrongImports(
    sources(SHARED),
    (t) => t.startsWith(`${KUBERNETES}/`) || t.startsWith(`${LOCAL}/`),
  );
  assert.deepEqual(wrong, []);
});

test('the command line imports each platform only through its index.ts (and the shared errors)', () => {
  const faces = [join(KUBERNETES, 'index.ts'), join(LOCAL, 'index.ts'), join(SHARED, 'errors.ts')];
  const wrong = wrongImports(
    sources(join(SRC, 'cli')),
    (target) => target.startsWith(`${PLATFORM}/`) && !faces.includes(target),
  );
  assert.deepEqual(wrong, []);
});

test('production files import each other without circles', () => {
  const files = sources(SRC).filter((f) => !isTestSupport(f));
  const graph = new Map(files.map((f) => [f, importsOf(f).filter((t) => t.endsWith('.ts'))]));
  const circles: string[] = [];
  const done = new Set<string>();
  const visit = (file: string, path: string[]) => {
    const seen = path.indexOf(file);
    if (seen >= 0) {
      circles.push([...path.slice(seen), file].map((f) => relative(SRC, f)).join(' -> '));
      return;
    }
    if (done.has(file)) return;
    for (const target of graph.get(file) ?? []) visit(target, [...path, file]);
    done.add(file);
  };
  for (const file of files) visit(file, []);
  assert.deepEqual(circles, []);
});

test('pki/ does no I/O: it imports only node:crypto, node:net and its own files', () => {
  const PKI = join(SRC, 'pki');
  const wrong = sources(PKI)
    .filter((f) => !isTestSupport(f))
    .flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/from\s+['"]([^'"]+)['"]/g)]
        .map((m) => m[1] ?? '')
        .filter((target) =>
          target.startsWith('.')
            ? !resolve(dirname(file), target).startsWith(`${PKI}/`)
            : !['node:crypto', 'node:net'].includes(target),
        )
        .map((target) => `${relative(SRC, file)} -> ${target}`),
    );
  assert.deepEqual(wrong, []);
});

const BACKUP = join(SRC, 'backup');
const BACKUP_STORE = join(SRC, 'backup-store');
const NODE_IO =
  /(?:from|import)\s*\(?\s*['"]node:(fs|fs\/promises|net|http|https|tls|child_process|dgram|dns)['"]/;

test('backup/ (the format) is pure: no node I/O module, only api/ and itself', () => {
  const files = sources(BACKUP).filter((f) => !isTestSupport(f));
  const wrong = [
    ...wrongImports(files, (t) => !t.startsWith(`${BACKUP}/`) && !t.startsWith(`${join(SRC, 'api')}/`)),
    ...files
      .filter((f) => NODE_IO.test(readFileSync(f, 'utf8')))
      .map((f) => `${relative(SRC, f)} -> node I/O`),
  ];
  assert.deepEqual(wrong, []);
});

test('backup-store/ imports nothing of zk/ or platform/', () => {
  const wrong = wrongImports(
    sources(BACKUP_STORE),
    (t) => t.startsWith(`${PLATFORM}/`) || t.startsWith(`${join(SRC, 'zk')}/`),
  );
  assert.deepEqual(wrong, []);
});
