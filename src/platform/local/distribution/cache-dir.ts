import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * zkop's cache root: `$ZKOP_CACHE_DIR`, else `$XDG_CACHE_HOME/zkop`, else `~/.cache/zkop`.
 * ZooKeeper distributions live under `<root>/zookeeper/<version>`.
 */
export function zkopCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.ZKOP_CACHE_DIR) return env.ZKOP_CACHE_DIR;
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'zkop');
}

export function distributionsDir(cacheDir: string): string {
  return join(cacheDir, 'zookeeper');
}
