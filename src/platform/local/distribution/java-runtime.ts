import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DistributionError } from './distribution.ts';

const run = promisify(execFile);
let checked = false;

/** The Java launcher zkop runs ZooKeeper with: `$JAVA_HOME/bin/java` when JAVA_HOME is set, else `java` on PATH. */
export function javaCommand(env: NodeJS.ProcessEnv = process.env): string {
  return env.JAVA_HOME ? join(env.JAVA_HOME, 'bin', 'java') : 'java';
}

/** Fails with an actionable message when there is no usable Java launcher. Checked once per process. */
export async function requireJava(): Promise<void> {
  if (checked) return;
  const java = javaCommand();
  try {
    await run(java, ['-version'], { timeout: 30_000 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new DistributionError(
        `${java} was not found; ZooKeeper needs a Java 11+ runtime, e.g. apt-get install default-jre-headless (or set JAVA_HOME)`,
      );
    }
    throw new DistributionError(`'${java} -version' failed: ${(error as Error).message}`);
  }
  checked = true;
}
