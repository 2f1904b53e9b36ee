import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { exitCodeFor } from './exit-codes.ts';
import { pickEnsemble, requireName } from './pick-ensemble.ts';

const dir = mkdtempSync(join(tmpdir(), 'zkop-pick-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const addEnsemble = (name: string) => {
  mkdirSync(join(dir, name), { recursive: true });
  writeFileSync(join(dir, name, 'state.json'), '{}');
};

test('a named ensemble is taken as named; with none in the directory the answer is not-found (exit 3)', () => {
  assert.equal(pickEnsemble(dir, 'anything'), 'anything');
  assert.throws(
    () => pickEnsemble(dir, undefined),
    (e: { kind: 'not-found' }) => exitCodeFor(e.kind) === 3,
  );
});

test('the only ensemble is picked; among several one must be named (exit 2)', () => {
  addEnsemble('a');
  mkdirSync(join(dir, 'not-an-ensemble'));
  assert.equal(pickEnsemble(dir, undefined), 'a');
  addEnsemble('b');
  assert.throws(
    () => pickEnsemble(dir, undefined),
    (e: { kind: 'invalid-input'; message: string }) =>
      exitCodeFor(e.kind) === 2 && /\(a, b\); name one/.test(e.message),
  );
});

test('on Kubernetes a name is required (exit 2 without one)', () => {
  assert.equal(requireName('zk'), 'zk');
  assert.throws(
    () => requireName(undefined),
    (e: unknown) => exitCodeFor((e as { kind: 'invalid-input' }).kind) === 2,
  );
});
