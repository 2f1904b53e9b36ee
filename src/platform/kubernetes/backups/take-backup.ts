/**
 * The reconcile of one ZooKeeperBackup: taken once, in the operator's process, with the code `zkop
 * backup` uses (the payload streamed into the store, the manifest written last). A Completed or Failed
 * backup is never taken again; one found Running that this process did not start was left by an
 * operator that stopped halfway, and fails: what it wrote has no manifest, so it is never listed.
 */
import { applyDefaults } from '../../../api/defaults.ts';
import type { BackupManifest } from '../../../backup/manifest.ts';
import { openStore } from '../../../backup-store/open-store.ts';
import { StoreError } from '../../../backup-store/store.ts';
import { SUPER_USER } from '../../../config/super-digest.ts';
import { exportLogical } from '../../shared/backup/logical-export.ts';
import { takeNativeBackup } from '../../shared/backup/native-backup.ts';
import type { ReconcileContext } from '../reconcile/context.ts';
import { readSuperPassword } from '../reconcile/super-password.ts';
import type { CacheView } from '../runtime/object-cache.ts';
import { formatDuration, storeReason, targetOf, targetUrlOf } from './backup-plan.ts';
import { type BackupSource, backupSource } from './backup-source.ts';
import { type BackupVerdict, isFinished, reportBackup } from './backup-status.ts';
import type { LiveBackup } from './live-backup.ts';

export interface BackupContext
  extends Pick<
    ReconcileContext,
    'api' | 'zookeepers' | 'pods' | 'ownSecrets' | 'ensemble' | 'events' | 'clock' | 'render' | 'openStore'
  > {
  readonly backups: CacheView<LiveBackup>;
  /** Uids of the backups this process started: the cache may still show one Running after it ended. */
  readonly started: Set<string>;
}

/** How soon a backup waiting for its ensemble or Secret looks again. */
export const WAIT_MS = 15_000;

export interface BackupOutcome {
  readonly actions: readonly string[];
  readonly requeueAfterMs?: number;
}

function failure(error: unknown): BackupVerdict {
  if (error instanceof StoreError) {
    return {
      phase: 'Failed',
      reason: storeReason(error.kind),
      message: `${error.kind}: ${error.message}; nothing is listed for this backup`,
    };
  }
  return {
    phase: 'Failed',
    reason: 'BackupFailed',
    message: `${(error as Error).message}; nothing is listed for this backup`,
  };
}

async function take(ctx: BackupContext, backup: LiveBackup, source: BackupSource): Promise<BackupManifest> {
  const store = await (ctx.openStore ?? openStore)(targetOf(backup.spec.s3), source.s3);
  const { zk, version } = source;
  if (source.kind === 'logical') {
    if (!ctx.ensemble.asSuperUser) throw new Error('no session to the members can be opened');
    return ctx.ensemble.asSuperUser(
      zk,
      source.serving,
      (session) => exportLogical(session, store, { ensemble: zk.metadata.name, zookeeperVersion: version }),
      source.client,
    );
  }
  const { name } = zk.metadata;
  const password = await readSuperPassword(ctx.api, zk, ctx.ownSecrets);
  return takeNativeBackup(store, {
    ensemble: name,
    zookeeperVersion: version,
    host: source.leaderAddress ?? '',
    adminPort: applyDefaults(zk.spec).ports.admin,
    auth: { scheme: 'digest', user: SUPER_USER, password },
    admin: { timeoutMs: 120_000, ...(source.leaderAdminTls ? { tls: source.leaderAdminTls } : {}) },
  });
}

export async function reconcileBackup(ctx: BackupContext, key: string): Promise<BackupOutcome> {
  const backup = ctx.backups.get(key);
  if (backup === undefined || backup.metadata.deletionTimestamp) return { actions: [] };
  if (ctx.started.has(backup.metadata.uid) || isFinished(backup)) return { actions: [] };
  const name = `ZooKeeperBackup ${key}`;
  if (backup.status?.phase === 'Running') {
    await reportBackup(ctx, backup, {
      phase: 'Failed',
      reason: 'Interrupted',
      message:
        `zkop stopped while this backup ran (started ${backup.status.startTime ?? 'earlier'}); ` +
        'what it wrote has no manifest and is never listed as a backup; create another ZooKeeperBackup',
    });
    return { actions: [`fail interrupted ${name}`] };
  }
  const source = await backupSource(ctx, backup);
  if ('waiting' in source) {
    await reportBackup(ctx, backup, source.waiting);
    return { actions: [], requeueAfterMs: WAIT_MS };
  }
  if ('refused' in source) {
    await reportBackup(ctx, backup, source.refused);
    return { actions: [`refuse ${name}`] };
  }
  const startedAt = ctx.clock.now();
  const targetUrl = targetUrlOf(backup.spec.s3);
  const running = await reportBackup(ctx, backup, {
    phase: 'Running',
    reason: 'Started',
    message: `taking a ${source.kind} backup of ${backup.spec.ensemble} (ZooKeeper ${source.version}) into ${targetUrl}`,
    details: {
      kind: source.kind,
      targetUrl,
      zookeeperVersion: source.version,
      startTime: new Date(startedAt).toISOString(),
    },
  });
  ctx.started.add(backup.metadata.uid);
  let verdict: BackupVerdict;
  try {
    const manifest = await take(ctx, backup, source);
    const elapsed = ctx.clock.now() - startedAt;
    verdict = {
      phase: 'Completed',
      reason: 'Completed',
      message: `backup ${manifest.id} of ${manifest.ensemble}: ${manifest.size} bytes, last zxid ${manifest.lastZxid}, sha256 ${manifest.sha256}, in ${targetUrl}`,
      details: {
        backupId: manifest.id,
        lastZxid: manifest.lastZxid,
        size: manifest.size,
        sha256: manifest.sha256,
        ...(manifest.znodes === undefined ? {} : { znodes: manifest.znodes }),
        completionTime: new Date(ctx.clock.now()).toISOString(),
        duration: formatDuration(elapsed),
      },
    };
  } catch (error) {
    verdict = failure(error);
  }
  await reportBackup(ctx, running, verdict);
  return { actions: [`${verdict.phase === 'Completed' ? 'take' : 'fail'} ${name}`] };
}
