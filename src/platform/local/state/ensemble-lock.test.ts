import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { readProcStat } from '../process/proc-stat.ts';
import { withEnsembleLock } from './ensemble-lock.ts';

const dir = mkdtempSync(join(tmpdir(), 'zkop-lock-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('holds the lock while working and releases it after, also on failure', async () => {
  const ensemble = join(dir, 'a');
  assert.equal(await withEnsembleLock(ensemble, async () => existsSync(join(ensemble, '.lock'))), true);
  assert.equal(existsSync(join(ensemble, '.lock')), false);
  await assert.rejects(
    withEnsembleLock(ensemble, async () => {
      throw new Error('boom');
    }),
    /boom/,
  );
  assert.equal(existsSync(join(ensemble, '.lock')), false);
});

test('refuses while a live process holds the lock', async () => {
  const ensemble = join(dir, 'b');
  await withEnsembleLock(ensemble, async () => {
    await assert.rejects(
      withEnsembleLock(ensemble, async () => 'second'),
      /another zkop \(pid \d+\) is working on this ensemble/,
    );
  });
});

test("takes over a dead holder's lock", async () => {
  const ensemble = join(dir, 'c');
  await withEnsembleLock(ensemble, async () => undefined);
  const stale = { pid: process.pid, startTime: (readProcStat(process.pid)?.startTime ?? 0) + 1 };
  writeFileSync(join(ensemble, '.lock'), JSON.stringify(stale));
  assert.equal(await withEnsembleLock(ensemble, async () => 'ran'), 'ran');
});
