import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';

const ROOT = join(import.meta.dirname, '..', '..');

/** The packages `zkop ARGS` loaded by the time it exited, successfully or not. */
function packagesLoadedBy(...args: string[]): string[] {
  const result = spawnSync(
    join(ROOT, 'scripts', 'node'),
    [
      '--import',
      join(import.meta.dirname, 'testing', 'record-packages.ts'),
      join(import.meta.dirname, 'main.ts'),
      ...args,
    ],
    { encoding: 'utf8' },
  );
  const line = result.stderr.split('\n').find((l) => l.startsWith('loaded-packages '));
  assert.ok(line, result.stderr);
  return JSON.parse(line.slice('loaded-packages '.length)) as string[];
}

const heavy = (p: string) =>
  p === '@kubernetes/client-node' || p.startsWith('@aws-sdk/') || p.startsWith('@smithy/');

test('the operator in its pod loads neither the Kubernetes client library nor the S3 SDK (its memory)', () => {
  // Outside a pod it stops at the missing service account, after loading what it runs with.
  const loaded = packagesLoadedBy('operator', '--in-cluster');
  assert.ok(loaded.includes('pino'), `the operator's modules were loaded: ${loaded.join(', ')}`);
  assert.deepEqual(loaded.filter(heavy), []);
});

test('no command loads them before it needs them', () => {
  const loaded = packagesLoadedBy('version');
  assert.ok(loaded.includes('commander'), `the recorder sees packages: ${loaded.join(', ')}`);
  assert.deepEqual(loaded.filter(heavy), []);
});
