/** Reading a process's state from `/proc/<pid>/stat` (Linux). */
import { readFileSync } from 'node:fs';

export interface ProcStat {
  readonly pid: number;
  readonly comm: string;
  /** One letter: R running, S sleeping, D disk wait, Z zombie, T stopped, X dead, ... */
  readonly state: string;
  readonly ppid: number;
  /** Start time in clock ticks after boot; with the pid it identifies one process across pid reuse. */
  readonly startTime: number;
}

/** Parses the text of `/proc/<pid>/stat`. The command name may contain spaces and parentheses. */
export function parseProcStat(text: string): ProcStat | undefined {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return undefined;
  const pid = Number(text.slice(0, open).trim());
  const rest = text
    .slice(close + 1)
    .trim()
    .split(/\s+/);
  // rest[0] is field 3 (state); field N is rest[N - 3].
  const state = rest[0];
  const ppid = Number(rest[1]);
  const startTime = Number(rest[19]);
  if (!state || !Number.isInteger(pid) || !Number.isFinite(ppid) || !Number.isFinite(startTime))
    return undefined;
  return { pid, comm: text.slice(open + 1, close), state, ppid, startTime };
}

/** The current stat of `pid`, or undefined when there is no such process. */
export function readProcStat(pid: number): ProcStat | undefined {
  try {
    return parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined;
  }
}
