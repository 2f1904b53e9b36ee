/**
 * Programs built from their Go modules by the scripts that source scripts/go-tool.sh (seaweedfs.sh,
 * prometheus.sh, ...): built on first use (minutes on a new machine; scripts/prebuild.sh starts the
 * builds early) into zkop's cache, one build at a time, and found there after.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const SCRIPTS = join(import.meta.dirname, '..', '..', 'scripts');

/** The path `scripts/<script> <args>` prints, building the program first when it is not cached. */
export async function goToolPath(script: string, ...args: string[]): Promise<string> {
  try {
    const { stdout } = await run('bash', [join(SCRIPTS, script), ...args], {
      timeout: 3_600_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    return stdout.trim();
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    throw new Error(
      `scripts/${[script, ...args].join(' ')} could not build its program: ${e.stderr || e.message}`,
    );
  }
}
