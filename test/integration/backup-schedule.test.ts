/**
 * Scheduled backups while `zkop up --watch` runs: with `* * * * *` and `--backup-keep 1`, a backup is
 * taken in the minute the schedule names, the next one a minute later, and retention then deletes the
 * first. Schedule flags without --watch, or a malformed schedule, are refused.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { stopProcess } from '../../src/platform/local/process/process.ts';
import { readState } from '../../src/platform/local/state/state.ts';

const root = join(import.meta.dirname, '..', '..');
const stateDir = mkdtempSync(join(tmpdir(), 'zkop-schedule-'));
const backups = join(stateDir, 'backups');
const manifest = join(stateDir, 'zk.yaml');
const name = 'sched';
writeFileSync(
  manifest,
  `apiVersion: zookeeper.zkop.dev/v1alpha1\nkind: ZooKeeper\nmetadata: {name: ${name}}\nspec:\n  version: "3.9.4"\n  replicas: 1\n  jvm: {heap: 128Mi}\n`,
);
/** `up` of this test's manifest with a backup schedule. */
const upWith = (schedule: string, ...more: string[]) => [
  'up',
  '-f',
  manifest,
  '--state-dir',
  stateDir,
  '--backup-schedule',
  schedule,
  '--backup-to',
  backups,
  ...more,
];
const zkop = (...args: string[]) =>
  spawnSync(join(root, 'bin', 'zkop'), args, { encoding: 'utf8', timeout: 300_000 });

after(async () => {
  for (const p of Object.values(readState(stateDir, name)?.processes ?? {}))
    await stopProcess(p.pid, { startTime: p.startTime, graceMs: 2000 });
  rmSync(stateDir, { recursive: true, force: true });
});

test('schedule flags without --watch, or a malformed schedule, are refused', () => {
  const noWatch = zkop(...upWith('* * * * *'));
  assert.equal(noWatch.status, 2);
  assert.match(noWatch.stderr, /add --watch/);
  const bad = zkop(...upWith('61 * * * *', '--watch'));
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /minute '61' is outside 0-59/);
  assert.equal(readState(stateDir, name), undefined);
});

test('a scheduled backup runs in its minute, and retention keeps only the newest', async () => {
  const watcher = spawn(join(root, 'bin', 'zkop'), upWith('* * * * *', '--watch', '--backup-keep', '1'));
  let stderr = '';
  const deleted = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no retention within 200 s:\n${stderr}`)), 200_000);
    watcher.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (/retention deleted/.test(stderr)) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  try {
    await deleted;
  } finally {
    watcher.kill('SIGINT');
    await new Promise((r) => watcher.on('exit', r));
  }
  const due = /next native backup to .* at (\S+)/.exec(stderr)?.[1];
  const taken = [...stderr.matchAll(/scheduled backup (\S+) taken/g)].map((m) => m[1] ?? '');
  assert.ok(due && taken.length >= 2, stderr);
  const startedAt = Date.parse(
    (taken[0] ?? '').replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)(\d{3})Z.*/, '$1-$2-$3T$4:$5:$6.$7Z'),
  );
  assert.ok(
    startedAt >= Date.parse(due) && startedAt < Date.parse(due) + 60_000,
    `${taken[0]} is not in the minute ${due}`,
  );
  assert.match(stderr, new RegExp(`retention deleted ${taken[0]}`));
  const listing = JSON.parse(zkop('backup', 'list', '--from', backups, '-o', 'json').stdout);
  assert.deepEqual(
    listing.complete.map((m: { id: string }) => m.id),
    [taken.at(-1)],
  );
});
