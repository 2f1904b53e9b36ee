/**
 * A member's old data during a restore: each `version-2` directory (snapshots and transaction logs) is
 * renamed to `restore-aside/` in one step, and renamed back to undo. A running member keeps writing
 * into files it has open; new files go to a fresh `version-2`.
 */
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { MemberPaths } from '../state/state-layout.ts';

const VERSIONED = 'version-2';
const ASIDE = 'restore-aside';

function pairs(paths: MemberPaths): { live: string; aside: string }[] {
  return [
    { live: join(paths.data, VERSIONED), aside: join(paths.root, ASIDE, 'data') },
    { live: join(paths.datalog, VERSIONED), aside: join(paths.root, ASIDE, 'datalog') },
  ];
}

/** Moves the member's data aside; repeating it after it is done changes nothing. */
export function setDataAside(paths: MemberPaths): void {
  mkdirSync(join(paths.root, ASIDE), { recursive: true });
  for (const { live, aside } of pairs(paths)) {
    if (!existsSync(aside) && existsSync(live)) renameSync(live, aside);
    mkdirSync(live, { recursive: true });
  }
}

/** Puts the old data back in place of whatever the restore wrote; repeating it changes nothing. */
export function putDataBack(paths: MemberPaths): void {
  for (const { live, aside } of pairs(paths)) {
    if (!existsSync(aside)) continue;
    rmSync(live, { recursive: true, force: true });
    renameSync(aside, live);
  }
  rmSync(join(paths.root, ASIDE), { recursive: true, force: true });
}

/** Drops the old data once the restore is done. */
export function dropDataAside(paths: MemberPaths): void {
  rmSync(join(paths.root, ASIDE), { recursive: true, force: true });
}

/** The file a member writes when it saves the snapshot whose last zxid is `zxid`. */
export function snapshotFileOf(paths: MemberPaths, zxid: bigint): string {
  return join(paths.data, VERSIONED, `snapshot.${zxid.toString(16)}`);
}
