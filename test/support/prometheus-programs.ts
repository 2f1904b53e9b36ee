/**
 * Prometheus's programs, built from its Go module by scripts/prometheus.sh on first use (minutes on
 * a new machine; scripts/prebuild.sh starts that build first) and cached per release.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const SCRIPT = join(import.meta.dirname, '..', '..', 'scripts', 'prometheus.sh');

/** The path of `program`, building it first when it is not in the cache. */
export async function prometheusProgram(program: 'prometheus' | 'promtool'): Promise<string> {
  try {
    const { stdout } = await run('bash', [SCRIPT, program], {
      timeout: 3_600_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    return stdout.trim();
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    throw new Error(`scripts/prometheus.sh could not build ${program}: ${e.stderr || e.message}`);
  }
}
