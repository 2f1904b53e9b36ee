/** Starting a member's JVM, and what its logs say when it does not come up. */
import { basename, join } from 'node:path';
import { javaArguments } from '../../../config/jvm-flags.ts';
import { LOG_FILE_NAME } from '../../../config/logging.ts';
import { failed } from '../../shared/errors.ts';
import { javaCommand } from '../distribution/index.ts';
import type { ProcessRecord } from '../state/state.ts';
import type { MemberPaths } from '../state/state-layout.ts';
import { readLogTail } from './log-tail.ts';
import { startDetached } from './process.ts';

export async function startMember(
  paths: MemberPaths,
  jvmFlags: readonly string[],
  classpath: readonly string[],
): Promise<ProcessRecord> {
  try {
    const handle = await startDetached(javaCommand(), {
      args: javaArguments(jvmFlags, classpath, paths.zooCfg),
      cwd: paths.root,
      logFile: paths.consoleLog,
    });
    return { pid: handle.pid, startTime: handle.startTime, startedAt: new Date().toISOString() };
  } catch (error) {
    throw failed(
      `member ${basename(paths.root)} could not be started (${(error as Error).message}); its log ends with:`,
      memberLogTail(paths),
    );
  }
}

/** The end of the server log and of the JVM's own output (where a JVM that cannot start says why). */
export function memberLogTail(paths: MemberPaths, lines = 30): string {
  const parts: string[] = [];
  for (const file of [join(paths.logs, LOG_FILE_NAME), paths.consoleLog]) {
    const tail = readLogTail(file, lines);
    if (tail !== '') parts.push(`==> ${file} <==\n${tail}`);
  }
  return parts.length > 0 ? parts.join('\n') : '(no log output)';
}
