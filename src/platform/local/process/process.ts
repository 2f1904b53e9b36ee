/**
 * Starting and stopping long-running local processes (ZooKeeper JVMs) by pid.
 *
 * A process is identified by its pid AND its start time, so a pid reused by an unrelated
 * process after a reboot or a crash is never mistaken for a member, nor signalled.
 * A zombie (exited, not yet reaped) counts as not running: `kill -0` succeeds on it.
 */
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { readProcStat } from './proc-stat.ts';

export interface ProcessHandle {
  readonly pid: number;
  /** Start time from `/proc/<pid>/stat` (clock ticks after boot). */
  readonly startTime: number;
}

export interface StartOptions {
  readonly args?: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** stdout and stderr are appended here; the directory is created. */
  readonly logFile: string;
}

export type ProcessState = 'running' | 'zombie' | 'gone';

/**
 * Starts `command` detached (own session, no stdin, output appended to `logFile`) so it outlives
 * the caller. Resolves once the process exists; rejects if it cannot be started at all.
 */
export async function startDetached(command: string, options: StartOptions): Promise<ProcessHandle> {
  mkdirSync(dirname(options.logFile), { recursive: true });
  const fd = openSync(options.logFile, 'a', 0o644);
  try {
    const child = spawn(command, options.args ?? [], {
      cwd: options.cwd,
      env: options.env ?? process.env,
      detached: true,
      stdio: ['ignore', fd, fd],
    });
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', reject);
    });
    child.unref();
    const pid = child.pid;
    if (pid === undefined) throw new Error(`${command} did not start`);
    const stat = readProcStat(pid);
    if (stat === undefined)
      throw new Error(`${command} (pid ${pid}) exited immediately; see ${options.logFile}`);
    return { pid, startTime: stat.startTime };
  } finally {
    closeSync(fd);
  }
}

/** The state of the process `pid`; with `startTime`, a different process on the same pid is 'gone'. */
export function processState(pid: number, startTime?: number): ProcessState {
  const stat = readProcStat(pid);
  if (stat === undefined) return 'gone';
  if (startTime !== undefined && stat.startTime !== startTime) return 'gone';
  if (stat.state === 'Z' || stat.state === 'X' || stat.state === 'x') return 'zombie';
  return 'running';
}

export function isRunning(pid: number, startTime?: number): boolean {
  return processState(pid, startTime) === 'running';
}

export interface StopOptions {
  /** Start time recorded at start; guards against signalling a reused pid. */
  readonly startTime?: number;
  /** How long to wait after SIGTERM before SIGKILL. */
  readonly graceMs?: number;
  /** How long to wait after SIGKILL before giving up. */
  readonly killWaitMs?: number;
}

export type StopOutcome = 'not-running' | 'terminated' | 'killed';

/** SIGTERM, wait up to `graceMs`, then SIGKILL, and wait until the process is really gone. */
export async function stopProcess(pid: number, options: StopOptions = {}): Promise<StopOutcome> {
  const { startTime, graceMs = 10_000, killWaitMs = 10_000 } = options;
  if (!isRunning(pid, startTime)) return 'not-running';
  signal(pid, 'SIGTERM');
  if (await waitUntilStopped(pid, startTime, graceMs)) return 'terminated';
  signal(pid, 'SIGKILL');
  if (await waitUntilStopped(pid, startTime, killWaitMs)) return 'killed';
  throw new Error(`process ${pid} is still running ${killWaitMs} ms after SIGKILL`);
}

/** Polls until the process is not running (gone or zombie); false on timeout. */
export async function waitUntilStopped(pid: number, startTime: number | undefined, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!isRunning(pid, startTime)) return true;
    if (Date.now() >= deadline) return false;
    await sleep(25);
  }
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}
