/**
 * Members that cannot start: `up` shows the log tail and exits non-zero. A new ensemble leaves no
 * directory and no process; an existing one keeps its record and its data, and the failed member
 * is not left running.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { down } from '../../src/platform/local/commands/down.ts';
import { up } from '../../src/platform/local/commands/up.ts';
import { isRunning, stopProcess } from '../../src/platform/local/process/process.ts';
import { readState } from '../../src/platform/local/state/state.ts';
import { PlatformError } from '../../src/platform/shared/errors.ts';

const root = join(import.meta.dirname, '..', '..');
const stateDir = mkdtempSync(join(tmpdir(), 'zkop-fail-'));
const manifest = (name: string, extra = '') => {
  const file = join(stateDir, `${name}.yaml`);
  writeFileSync(
    file,
    `apiVersion: zookeeper.zkop.dev/v1alpha1
kind: ZooKeeper
metadata: {name: ${name}}
spec:
  version: "3.9.4"
  replicas: 3
  jvm: {heap: 128Mi${extra}}
`,
  );
  return file;
};
const quiet = { stateDir, timeoutMs: 60_000, onProgress: () => undefined };
/** A state directory of its own, which the failed call creates and so removes again. */
const newStateDir = join(stateDir, 'new-state');

after(async () => {
  for (const [dir, name] of [
    [newStateDir, 'badflag'],
    [stateDir, 'taken'],
  ] as const) {
    for (const p of Object.values(readState(dir, name)?.processes ?? {})) {
      await stopProcess(p.pid, { startTime: p.startTime, graceMs: 2000 });
    }
  }
  rmSync(stateDir, { recursive: true, force: true });
});

test('a new ensemble whose JVM cannot start: exit 1, the log tail, no state directory and no process left', () => {
  const file = manifest('badflag', ', flags: ["-XX:+NoSuchZkopFlag"]');
  const result = spawnSync(
    join(root, 'bin', 'zkop'),
    ['up', '-f', file, '--state-dir', newStateDir, '--timeout', '60'],
    {
      encoding: 'utf8',
      timeout: 180_000,
    },
  );
  assert.equal(result.status, 1, result.stderr);
  // Whether zkop sees the JVM exit while starting it or while waiting, the log tail is shown.
  assert.match(
    result.stderr,
    /member \d (exited while starting|could not be started .*); its log ends with:/,
  );
  assert.match(result.stderr, /Unrecognized VM option 'NoSuchZkopFlag'/);
  assert.equal(existsSync(newStateDir), false);
  assert.equal(runningUnder(join(newStateDir, 'badflag')), false, 'no member of the ensemble is running');
});

test('a member whose client port is taken by another listener: its log tail, the member not running, data kept', async () => {
  const file = manifest('taken');
  await up(file, quiet);
  await down('taken', { stateDir, onProgress: () => undefined });
  const before = readState(stateDir, 'taken');
  assert.ok(before);
  const victim = before.members[1];
  assert.ok(victim);
  const dataBefore = readdirSync(join(stateDir, 'taken', 'members', String(victim.id), 'data', 'version-2'));

  const squatter = await listen(victim.ports.client);
  let error: unknown;
  try {
    await up(file, quiet);
  } catch (e) {
    error = e;
  } finally {
    await new Promise((resolve) => squatter.close(resolve));
  }
  assert.ok(error instanceof PlatformError, String(error));
  assert.equal(error.kind, 'failed');
  assert.match(error.message, new RegExp(`member ${victim.id}\\b`));
  assert.match(error.details, /Address already in use/);
  const afterFailure = readState(stateDir, 'taken');
  assert.deepEqual(afterFailure?.members, before.members);
  const victimProcess = afterFailure?.processes[String(victim.id)];
  assert.equal(victimProcess !== undefined && isRunning(victimProcess.pid, victimProcess.startTime), false);
  assert.equal(
    runningUnder(join(stateDir, 'taken', 'members', String(victim.id))),
    false,
    'the member is not running',
  );
  assert.deepEqual(
    readdirSync(join(stateDir, 'taken', 'members', String(victim.id), 'data', 'version-2')),
    dataBefore,
  );

  // With the port free again, the same ensemble comes back.
  const healed = await up(file, quiet);
  assert.equal(healed.outcome, 'healed');
  assert.equal(healed.status.healthy, true);
  await down('taken', { stateDir, purge: true, onProgress: () => undefined });
  assert.equal(existsSync(join(stateDir, 'taken')), false);
});

/** Whether any process has `dir` on its command line (every member's zoo.cfg path is under its ensemble directory). */
function runningUnder(dir: string): boolean {
  return spawnSync('ps', ['-eo', 'args'], { encoding: 'utf8' }).stdout.includes(dir);
}

function listen(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    // Connections (zkop's own srvr probes) are dropped at once, so that close() completes.
    const server = createServer((socket) => socket.destroy());
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port }, () => resolve(server));
  });
}
