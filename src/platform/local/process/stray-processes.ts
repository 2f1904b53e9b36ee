/**
 * A member's JVM that state.json does not name: zkop was killed after starting it and before
 * recording it. Found by the zoo.cfg path on its command line (the server's last argument) and
 * stopped before the member is started or stopped again, so two JVMs never fight over its ports.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ProcessRecord } from '../state/state.ts';
import { readProcStat } from './proc-stat.ts';
import { isRunning, stopProcess } from './process.ts';

function commandLine(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8')
      .split('\0')
      .filter((arg) => arg !== '');
  } catch {
    return [];
  }
}

export function strayProcesses(zooCfg: string, recorded: ProcessRecord | undefined): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (recorded && pid === recorded.pid && readProcStat(pid)?.startTime === recorded.startTime) continue;
    if (commandLine(pid).at(-1) === zooCfg && isRunning(pid)) pids.push(pid);
  }
  return pids;
}

export async function stopStrayProcesses(zooCfg: string, recorded: ProcessRecord | undefined): Promise<void> {
  for (const pid of strayProcesses(zooCfg, recorded)) {
    const startTime = readProcStat(pid)?.startTime;
    await stopProcess(pid, { startTime, graceMs: 5_000 });
  }
}

/**
 * Waits until no thread of `pid` runs any more. A JVM whose main thread ended shows as a zombie
 * while its other threads still write files (logs, snapshots); storage is deleted only after that.
 */
export async function waitUntilNoThreads(pid: number, startTime: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const stat = readProcStat(pid);
    if (stat === undefined || stat.startTime !== startTime) return;
    let threads: number;
    try {
      threads = readdirSync(`/proc/${pid}/task`).length;
    } catch {
      return;
    }
    if (threads <= 1 && stat.state === 'Z') return;
    if (Date.now() >= deadline) return;
    await sleep(25);
  }
}
