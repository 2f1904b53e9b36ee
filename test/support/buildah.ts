/**
 * Buildah (Debian's package, installed by scripts/test-tools.sh when missing) kept apart from the
 * machine: its storage (vfs), run state, network configuration and temporary files live in one
 * directory, removed by close() with the blob-info cache Buildah keeps for root in
 * /var/lib/containers when that was not there before.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureTestTool } from './test-tools.ts';

export interface Buildah {
  /** `buildah ARGS`; its standard output. */
  run(args: readonly string[]): string;
  /** A shell command line that calls buildah (as build.sh --context prints it); its standard output. */
  shell(line: string): string;
  close(): void;
}

const SYSTEM_CACHE = ['/var/lib/containers', '/var/lib/containers/cache'];

export async function isolatedBuildah(dir: string): Promise<Buildah> {
  const buildah = await ensureTestTool('buildah');
  const created = SYSTEM_CACHE.find((path) => !existsSync(path));
  mkdirSync(join(dir, 'tmp'), { recursive: true });
  writeFileSync(
    join(dir, 'storage.conf'),
    `[storage]\ndriver = "vfs"\ngraphroot = "${dir}/root"\nrunroot = "${dir}/run"\n`,
  );
  writeFileSync(join(dir, 'containers.conf'), `[network]\nnetwork_config_dir = "${dir}/cni"\n`);
  const env = {
    ...process.env,
    CONTAINERS_STORAGE_CONF: join(dir, 'storage.conf'),
    CONTAINERS_CONF: join(dir, 'containers.conf'),
    TMPDIR: join(dir, 'tmp'),
  };
  const options = { env, encoding: 'utf8' as const, maxBuffer: 1 << 26 };
  return {
    run: (args) => execFileSync(buildah, args, options),
    shell: (line) => execFileSync('bash', ['-c', line], options),
    close() {
      rmSync(dir, { recursive: true, force: true });
      if (created) rmSync(created, { recursive: true, force: true });
    },
  };
}
