/** One zkop at a time per ensemble: a lock file naming the holder's pid and start time. */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { failed } from '../../shared/errors.ts';
import { readProcStat } from '../process/proc-stat.ts';
import { isRunning } from '../process/process.ts';

const LOCK_FILE = '.lock';

interface LockHolder {
  readonly pid: number;
  readonly startTime: number;
}

/** Runs `work` holding the lock of the ensemble directory `dir` (created if missing). A dead holder's lock is taken over. */
export async function withEnsembleLock<T>(dir: string, work: () => Promise<T>): Promise<T> {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, LOCK_FILE);
  const self: LockHolder = { pid: process.pid, startTime: readProcStat(process.pid)?.startTime ?? 0 };
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(file, JSON.stringify(self), { flag: 'wx', mode: 0o600 });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw lockError(file, error);
      const holder = readHolder(file);
      if (holder && isRunning(holder.pid, holder.startTime)) {
        throw failed(`another zkop (pid ${holder.pid}) is working on this ensemble; wait for it to finish`);
      }
      rmSync(file, { force: true });
    }
  }
  try {
    return await work();
  } finally {
    if (readHolder(file)?.pid === self.pid) rmSync(file, { force: true });
  }
}

function readHolder(file: string): LockHolder | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LockHolder;
  } catch {
    return undefined;
  }
}

function lockError(file: string, error: unknown) {
  const holder = readHolder(file);
  if (holder && isRunning(holder.pid, holder.startTime)) {
    return failed(`another zkop (pid ${holder.pid}) is working on this ensemble; wait for it to finish`);
  }
  return failed(`cannot lock ${file}: ${(error as Error).message}`);
}
