import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { DistributionError } from './distribution.ts';

const run = promisify(execFile);
let checked = false;

/** Fails with an actionable message when no `java` is on PATH. Checked once per process. */
export async function requireJava(): Promise<void> {
  if (checked) return;
  try {
    await run('java', ['-version'], { timeout: 30_000 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new DistributionError(
        'java was not found on PATH; ZooKeeper needs a Java 11+ runtime, e.g. apt-get install default-jre-headless',
      );
    }
    throw new DistributionError(`'java -version' failed: ${(error as Error).message}`);
  }
  checked = true;
}
