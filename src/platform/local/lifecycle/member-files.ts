/** What a member's directory says about it: whether it holds data, and the ensemble config its files hold. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import type { EnsembleConfig, StorageState } from '../../../engine/index.ts';
import { parseDynamicConfig } from '../../../zk/ensemble-config.ts';
import type { MemberPaths } from '../state/state-layout.ts';

export function storageOf(paths: MemberPaths): StorageState {
  if (!existsSync(paths.root)) return 'none';
  for (const dir of [paths.data, paths.datalog]) {
    const versioned = `${dir}/version-2`;
    if (existsSync(versioned) && readdirSync(versioned).length > 0) return 'data';
  }
  return 'empty';
}

/**
 * The config in the dynamic config file zoo.cfg points to. ZooKeeper names the files it writes
 * `<name>.<version in hex>`; a file zkop wrote carries a `version=` line, or none for a new ensemble.
 */
export function heldConfig(paths: MemberPaths): EnsembleConfig | undefined {
  try {
    const zooCfg = readFileSync(paths.zooCfg, 'utf8');
    const file = /^dynamicConfigFile=(.+)$/m.exec(zooCfg)?.[1]?.trim();
    if (file === undefined) return undefined;
    const parsed = parseDynamicConfig(readFileSync(file, 'utf8'));
    const suffix = /\.dynamic\.([0-9a-f]+)$/i.exec(file)?.[1];
    const version = parsed.version ?? (suffix === undefined ? 0n : BigInt(`0x${suffix}`));
    return { version, members: parsed.members.map(({ id, role }) => ({ id, role })) };
  } catch {
    return undefined;
  }
}

/** Member ids that have a directory under `membersDir`. */
export function memberDirIds(membersDir: string): number[] {
  if (!existsSync(membersDir)) return [];
  return readdirSync(membersDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && /^[1-9]\d*$/.test(entry.name))
    .map((entry) => Number(entry.name));
}
