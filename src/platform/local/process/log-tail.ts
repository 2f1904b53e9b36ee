/** The last lines of a log file, for showing why a member did not start. */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** The last `lines` lines of `file` (reading at most `maxBytes` from its end); '' if it does not exist. */
export function readLogTail(file: string, lines: number, maxBytes = 64 * 1024): string {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw error;
  }
  try {
    const size = fstatSync(fd).size;
    const length = Math.min(size, maxBytes);
    const buffer = Buffer.alloc(length);
    readSync(fd, buffer, 0, length, size - length);
    const text = buffer.toString('utf8').replace(/\n$/, '');
    if (text === '') return '';
    const all = text.split('\n');
    // A partial first line (cut by maxBytes) is dropped unless it is all there is.
    const complete = length < size && all.length > 1 ? all.slice(1) : all;
    return complete.slice(-lines).join('\n');
  } finally {
    closeSync(fd);
  }
}
