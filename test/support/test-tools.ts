/**
 * Programs some tests drive that come from Debian (chromium, buildah): installed by
 * scripts/test-tools.sh when missing, or the test fails saying how to install them.
 */
import { execFile, execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const INSTALLER = join(import.meta.dirname, '..', '..', 'scripts', 'test-tools.sh');

const onPath = (command: string): string | undefined => {
  try {
    return execFileSync('bash', ['-c', `command -v ${command}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
};

/** The path of `command`, installing the test tools first when it is missing. */
export async function ensureTestTool(command: 'chromium' | 'buildah'): Promise<string> {
  const found = onPath(command);
  if (found) return found;
  try {
    await run('bash', [INSTALLER], { timeout: 15 * 60_000 });
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    throw new Error(
      `${command} is missing and scripts/test-tools.sh could not install it: ${e.stderr || e.message}`,
    );
  }
  const installed = onPath(command);
  if (!installed) throw new Error(`${command} is still missing after scripts/test-tools.sh`);
  return installed;
}
