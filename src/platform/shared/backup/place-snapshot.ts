/**
 * A new member's data from a native backup, before its first start: the snapshot, checked against its
 * manifest (size and SHA-256), becomes `version-2/snapshot.<last zxid>` in a data directory that holds
 * no snapshot and no transaction log yet. That is ZooKeeper's own recovery: every member starts from
 * the same snapshot, loads it, and takes its epoch from its last zxid. A directory that already holds
 * data is left as it is, so a member restarted later never goes back to the backup.
 */
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { BackupManifest } from '../../../backup/manifest.ts';
import { nativeRestoreRefusal } from '../../../backup/restore-check.ts';
import type { BackupStore } from '../../../backup-store/store.ts';
import { parseZxid } from '../../../zk/zxid.ts';
import { invalidInput } from '../errors.ts';
import { fetchVerified } from './fetch-verified.ts';

/** ZooKeeper's folder for snapshots and logs of its current on-disk format. */
const FORMAT_DIR = 'version-2';

const holdsData = (dir: string): boolean =>
  existsSync(join(dir, FORMAT_DIR)) &&
  readdirSync(join(dir, FORMAT_DIR)).some((f) => f.startsWith('snapshot.') || f.startsWith('log.'));

export type Placed = { readonly placed: string } | { readonly kept: string };

export async function placeSnapshot(
  store: BackupStore,
  manifest: BackupManifest,
  member: { readonly version: string; readonly dataDir: string; readonly dataLogDir: string },
): Promise<Placed> {
  const refusal = nativeRestoreRefusal(manifest, member.version);
  if (refusal) throw invalidInput(refusal);
  const holding = [member.dataDir, member.dataLogDir].find(holdsData);
  if (holding) return { kept: `${holding}/${FORMAT_DIR} holds data already; nothing was placed` };
  const zxid = parseZxid(manifest.lastZxid) ?? 0n;
  const file = join(member.dataDir, FORMAT_DIR, `snapshot.${zxid.toString(16)}`);
  // Outside version-2 until it is whole: ZooKeeper reads every `snapshot.*` there.
  const partial = join(member.dataDir, `${manifest.id}.partial`);
  await fetchVerified(store, manifest, partial);
  await mkdir(dirname(file), { recursive: true });
  await rename(partial, file);
  return { placed: file };
}
