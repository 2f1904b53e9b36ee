/**
 * Restoring a snapshot into a running local ensemble, ZooKeeper's procedure with what makes it safe
 * to stop halfway (docs/backup.md):
 *   1. the backup is downloaded and checked (size, SHA-256, same minor version) before anything moves;
 *   2. fencing: every member restarts with clients kept out (RESTORE_FENCE_FLAGS);
 *   3. restoring, member by member: its data is set aside, the snapshot is sent to its AdminServer's
 *      restore command, and it saves that database to disk (checked: `snapshot.<last zxid>`);
 *   4. unfencing: every member restarts from the restored snapshot, open to clients again; then the
 *      old data is dropped.
 * Progress is kept in state.json: a restore stopped before every member holds the snapshot on disk is
 * undone (old data back, members restarted as before); one stopped after is finished.
 */
import { closeSync, createReadStream, existsSync, fsyncSync, openSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { applyDefaults, type ResolvedSpec } from '../../../api/defaults.ts';
import type { BackupManifest } from '../../../backup/manifest.ts';
import { nativeRestoreRefusal } from '../../../backup/restore-check.ts';
import type { BackupStore } from '../../../backup-store/store.ts';
import { RESTORE_FENCE_FLAGS } from '../../../config/restore-fence.ts';
import { restoreSnapshot, saveSnapshot } from '../../../zk/admin-data.ts';
import { formatZxid, parseZxid } from '../../../zk/zxid.ts';
import { fetchVerified } from '../../shared/backup/fetch-verified.ts';
import { failed, invalidInput } from '../../shared/errors.ts';
import { memberAdminOptions } from '../certificates/client-tls.ts';
import type { DistributionSource } from '../lifecycle/distributions.ts';
import type { RestorePhase, RestoreRecord } from '../state/restore-record.ts';
import type { LocalState } from '../state/state.ts';
import { ensembleDir, memberPaths } from '../state/state-layout.ts';
import { saveRestore } from '../state/state-update.ts';
import { superAuth } from '../state/super-auth.ts';
import { startAll, stopAll, waitServing } from './member-control.ts';
import { dropDataAside, putDataBack, setDataAside, snapshotFileOf } from './member-data-aside.ts';

export interface RestoreRun {
  readonly stateDir: string;
  readonly distributions: DistributionSource;
  readonly timeoutMs: number;
  readonly progress: (message: string) => void;
}

const ADMIN_TIMEOUT_MS = 120_000;

const inPhase = (
  restore: RestoreRecord,
  phase: RestorePhase,
  restored = restore.restored,
): RestoreRecord => ({
  ...restore,
  phase,
  restored,
});

function syncFile(file: string): void {
  const fd = openSync(file, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Restores the verified snapshot into every member; returns the state with the record in phase unfencing. */
async function restoreMembers(run: RestoreRun, state: LocalState, spec: ResolvedSpec): Promise<LocalState> {
  const restore = state.restore as RestoreRecord;
  const graceMs = spec.terminationGracePeriodSeconds * 1000;
  const expected = parseZxid(restore.lastZxid) ?? 0n;
  run.progress('restarting every member with clients kept out');
  let next = await stopAll(run.stateDir, state, graceMs);
  next = await startAll(run.stateDir, next, spec, run.distributions, RESTORE_FENCE_FLAGS, run.progress);
  await waitServing(run.stateDir, next, run.timeoutMs);
  next = saveRestore(run.stateDir, next, inPhase(restore, 'restoring'));
  const auth = superAuth(next);
  const restored: number[] = [];
  for (const member of next.members) {
    const paths = memberPaths(run.stateDir, next.name, member.id);
    setDataAside(paths);
    run.progress(`member ${member.id}: old data set aside; restoring ${restore.backupId}`);
    const admin = memberAdminOptions(run.stateDir, next, member.id, ADMIN_TIMEOUT_MS);
    const zxid = await restoreSnapshot(
      member.host,
      member.ports.admin,
      auth,
      createReadStream(restore.snapshotFile),
      admin,
    );
    if (zxid !== expected) {
      throw failed(
        `member ${member.id} restored to ${formatZxid(zxid)}, the backup holds ${restore.lastZxid}`,
      );
    }
    const saved = await saveSnapshot(member.host, member.ports.admin, auth, admin);
    const file = snapshotFileOf(paths, saved);
    if (saved !== expected || !existsSync(file)) {
      throw failed(`member ${member.id} did not save the restored database as ${file}`);
    }
    syncFile(file);
    restored.push(member.id);
    next = saveRestore(run.stateDir, next, inPhase(restore, 'restoring', [...restored]));
  }
  return saveRestore(run.stateDir, next, inPhase(restore, 'unfencing', restored));
}

/** Every member restarts from what it holds on disk, open to clients; the record goes. */
async function reopen(run: RestoreRun, state: LocalState, spec: ResolvedSpec): Promise<LocalState> {
  let next = await stopAll(run.stateDir, state, spec.terminationGracePeriodSeconds * 1000);
  next = await startAll(run.stateDir, next, spec, run.distributions, [], run.progress);
  await waitServing(run.stateDir, next, run.timeoutMs);
  return next;
}

async function finish(run: RestoreRun, state: LocalState, spec: ResolvedSpec): Promise<LocalState> {
  run.progress('every member holds the restored snapshot; restarting them for clients');
  const next = await reopen(run, state, spec);
  for (const member of next.members) dropDataAside(memberPaths(run.stateDir, next.name, member.id));
  const restore = next.restore;
  if (restore) rmSync(restore.snapshotFile, { force: true });
  return saveRestore(run.stateDir, next, undefined);
}

async function undo(run: RestoreRun, state: LocalState, spec: ResolvedSpec): Promise<LocalState> {
  run.progress('undoing the restore: every member gets its old data back');
  let next = await stopAll(run.stateDir, state, spec.terminationGracePeriodSeconds * 1000);
  for (const member of next.members) putDataBack(memberPaths(run.stateDir, next.name, member.id));
  next = await reopen(run, next, spec);
  const restore = next.restore;
  if (restore) rmSync(restore.snapshotFile, { force: true });
  return saveRestore(run.stateDir, next, undefined);
}

/** Finishes or undoes a restore a killed zkop left; returns what happened, or undefined if none was left. */
export async function settleRestore(
  run: RestoreRun,
  state: LocalState,
): Promise<'finished' | 'undone' | undefined> {
  const restore = state.restore;
  if (restore === undefined) return undefined;
  const spec = applyDefaults(state.spec);
  if (restore.phase === 'unfencing') {
    await finish(run, state, spec);
    return 'finished';
  }
  await undo(run, state, spec);
  return 'undone';
}

/** The whole restore, under the ensemble's lock (the caller holds it). */
export async function restoreNative(
  run: RestoreRun,
  state: LocalState,
  store: BackupStore,
  manifest: BackupManifest,
): Promise<LocalState> {
  const refusal = nativeRestoreRefusal(manifest, state.version);
  if (refusal) throw invalidInput(`${state.name}: ${refusal}; nothing was changed`);
  const spec = applyDefaults(state.spec);
  const snapshotFile = join(ensembleDir(run.stateDir, state.name), 'restore', `${manifest.id}.snapshot`);
  run.progress(`downloading ${manifest.id} from ${store.url} and checking its SHA-256`);
  await fetchVerified(store, manifest, snapshotFile);
  await waitServing(run.stateDir, state, 10_000).catch(() => {
    throw failed(`${state.name} is not serving; bring it up with 'zkop up' before restoring into it`);
  });
  let next = saveRestore(run.stateDir, state, {
    backupId: manifest.id,
    source: store.url,
    snapshotFile,
    lastZxid: manifest.lastZxid,
    phase: 'fencing',
    restored: [],
    startedAt: new Date().toISOString(),
  });
  try {
    next = await restoreMembers(run, next, spec);
  } catch (error) {
    run.progress(`restore failed: ${(error as Error).message}`);
    await undo(run, next, spec);
    throw failed(
      `${state.name}: the restore of ${manifest.id} failed and was undone; the ensemble has its old data (${(error as Error).message})`,
      (error as { details?: string }).details ?? '',
    );
  }
  return finish(run, next, spec);
}
