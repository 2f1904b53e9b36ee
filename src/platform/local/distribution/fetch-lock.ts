/**
 * A lock file so that two zkop processes fetching the same version do not both download it: the
 * first creates `<name>.lock` (O_EXCL) with its pid and start time, the other waits and then finds
 * the finished distribution. A lock whose owner is no longer running is taken over.
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { readProcStat } from '../process/proc-stat.ts';
import { isRunning } from '../process/process.ts';
import { DistributionError } from './distribution.ts';

const POLL_MS = 200;

interface Owner {
  readonly pid: number;
  readonly startTime?: number;
}

export async function withFetchLock<T>(
  lockFile: string,
  timeoutMs: number,
  onWait: (owner: number) => void,
  fn: () => Promise<T>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let announced = false;
  for (;;) {
    if (tryCreate(lockFile)) break;
    const owner = readOwner(lockFile);
    if (owner !== undefined && !isRunning(owner.pid, owner.startTime)) {
      rmSync(lockFile, { force: true });
      continue;
    }
    if (Date.now() >= deadline) {
      throw new DistributionError(
        `timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${lockFile} (held by pid ${owner?.pid ?? '?'}); ` +
          'if no zkop is fetching ZooKeeper, delete the lock file and retry',
      );
    }
    if (!announced && owner !== undefined) {
      onWait(owner.pid);
      announced = true;
    }
    await sleep(POLL_MS);
  }
  try {
    return await fn();
  } finally {
    rmSync(lockFile, { force: true });
  }
}

function tryCreate(lockFile: string): boolean {
  let fd: number;
  try {
    fd = openSync(lockFile, 'wx', 0o644);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    const owner: Owner = { pid: process.pid, startTime: readProcStat(process.pid)?.startTime };
    writeSync(fd, JSON.stringify(owner));
  } finally {
    closeSync(fd);
  }
  return true;
}

/** undefined while the owner is still writing the file (or it vanished): treated as held. */
function readOwner(lockFile: string): Owner | undefined {
  try {
    const owner = JSON.parse(readFileSync(lockFile, 'utf8')) as Owner;
    return Number.isInteger(owner.pid) ? owner : undefined;
  } catch {
    return undefined;
  }
}
