import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { readProcStat } from './proc-stat.ts';
import { isRunning, processState, startDetached, stopProcess, waitUntilStopped } from './process.ts';

const dir = mkdtempSync(join(tmpdir(), 'zkop-process-'));
const started: number[] = [];
after(async () => {
  for (const pid of started) await stopProcess(pid, { graceMs: 100 });
  rmSync(dir, { recursive: true, force: true });
});

async function startSh(script: string, log = join(dir, 'out.log')) {
  const handle = await startDetached('sh', { args: ['-c', script], logFile: log });
  started.push(handle.pid);
  return handle;
}

test('starts a detached process, appends its output to the log, stops it with SIGTERM', async () => {
  const log = join(dir, 'a.log');
  const handle = await startSh('echo out; echo err >&2; exec sleep 30', log);
  assert.equal(processState(handle.pid, handle.startTime), 'running');
  for (let i = 0; i < 100 && !readFileSync(log, 'utf8').includes('err'); i++) await sleep(10);
  assert.match(readFileSync(log, 'utf8'), /out\n[\s\S]*err|err\n[\s\S]*out/);
  assert.equal(await stopProcess(handle.pid, { startTime: handle.startTime }), 'terminated');
  assert.equal(isRunning(handle.pid, handle.startTime), false);
  assert.equal(await stopProcess(handle.pid, { startTime: handle.startTime }), 'not-running');
});

test('uses SIGKILL when SIGTERM is ignored', async () => {
  const handle = await startSh('trap "" TERM; exec sleep 30');
  // Signal only once the shell has installed the trap and become `sleep`.
  for (let i = 0; i < 200 && readProcStat(handle.pid)?.comm !== 'sleep'; i++) await sleep(10);
  assert.equal(await stopProcess(handle.pid, { startTime: handle.startTime, graceMs: 200 }), 'killed');
  assert.equal(isRunning(handle.pid), false);
});

test('a recorded start time that does not match means another process: it is neither running nor signalled', async () => {
  const handle = await startSh('exec sleep 30');
  const otherStart = handle.startTime + 1;
  assert.equal(processState(handle.pid, otherStart), 'gone');
  assert.equal(await stopProcess(handle.pid, { startTime: otherStart, graceMs: 100 }), 'not-running');
  assert.equal(processState(handle.pid, handle.startTime), 'running');
  assert.equal(await stopProcess(handle.pid, { startTime: handle.startTime }), 'terminated');
});

test('a zombie counts as not running, although kill -0 succeeds on it', async () => {
  // The shell backgrounds a short child, then becomes `sleep`, which never reaps it.
  const parent = spawn('sh', ['-c', 'sleep 0.2 & echo $!; exec sleep 30'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  started.push(parent.pid ?? 0);
  const zombie = await new Promise<number>((resolve) => {
    parent.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
  });
  assert.ok(zombie > 0);
  for (let i = 0; i < 200 && processState(zombie) !== 'zombie'; i++) await sleep(10);
  assert.equal(processState(zombie), 'zombie');
  assert.doesNotThrow(() => process.kill(zombie, 0));
  assert.equal(isRunning(zombie), false);
  assert.equal(await stopProcess(zombie), 'not-running');
  assert.equal(await waitUntilStopped(zombie, undefined, 0), true);
});

test('a command that does not exist is refused', async () => {
  await assert.rejects(
    startDetached(join(dir, 'no-such-command'), { logFile: join(dir, 'none.log') }),
    /ENOENT/,
  );
});
