/**
 * The bootstrap step of an ensemble that starts from a backup (spec.bootstrap): before zkop creates
 * its StatefulSet, the backup is found and checked (a complete native backup the ensemble's minor
 * version reads) and recorded in the status, so that every first member starts from the same one,
 * even when a newer backup completes meanwhile. Members get the init container that places it
 * (render/bootstrap.ts) until every first member serves; then the record says restored, and members
 * created later join from the others. What stops it (a missing Secret or backup, one it cannot read,
 * volumes left by an earlier ensemble of this name, no operator image to run) is a problem: nothing
 * is created.
 */
import type { V1PersistentVolumeClaim, V1StatefulSet } from '@kubernetes/client-node';
import type { ResolvedSpec } from '../../../api/defaults.ts';
import type { BootstrapStatus } from '../../../api/spec.ts';
import { nativeRestoreRefusal } from '../../../backup/restore-check.ts';
import { openStore } from '../../../backup-store/open-store.ts';
import type { Observation } from '../../../engine/index.ts';
import { findBackup } from '../../shared/backup/fetch-verified.ts';
import { s3SettingsOf, targetOf, targetUrlOf } from '../backups/backup-plan.ts';
import { credentialsOf } from '../backups/backup-source.ts';
import { STATEFULSETS } from '../client/resources.ts';
import { BOOTSTRAP_CONTAINER } from '../render/bootstrap.ts';
import type { MemberBootstrap } from '../render/index.ts';
import type { LiveZooKeeper, ReconcileContext } from './context.ts';
import { ReconcileProblem } from './problem.ts';
import { writeStatus } from './write-status.ts';

export interface Bootstrapped {
  readonly actions: readonly string[];
  /** The record to keep in the status; absent without spec.bootstrap. */
  readonly status?: BootstrapStatus;
  /** What new members are rendered with while the backup is not yet restored. */
  readonly render?: MemberBootstrap;
}

const NONE: Bootstrapped = { actions: [] };

const problem = (reason: string, message: string) =>
  new ReconcileProblem(reason, `spec.bootstrap: ${message}; nothing was created`, 'Bootstrap');

export async function bootstrapFromBackup(
  ctx: Pick<ReconcileContext, 'api' | 'read' | 'operatorImage' | 'operatorVersion' | 'openStore'>,
  zk: LiveZooKeeper,
  spec: ResolvedSpec,
  claims: readonly V1PersistentVolumeClaim[],
): Promise<Bootstrapped> {
  const wanted = spec.bootstrap?.backup;
  if (!wanted) return NONE;
  const recorded = zk.status?.bootstrap;
  const image = ctx.operatorImage;
  if (recorded?.restored) return { actions: [], status: recorded };
  if (!image) {
    throw problem(
      'BootstrapNeedsOperatorImage',
      'zkop does not know its own image, which places the backup in each new member: run the operator with --operator-image (the chart does)',
    );
  }
  if (recorded) {
    const { backupId, targetUrl } = recorded;
    return { actions: [], status: recorded, render: { backupId, targetUrl, image } };
  }
  const { namespace, name } = zk.metadata;
  const statefulSet = (await ctx.read(STATEFULSETS, { namespace, name })) as V1StatefulSet | undefined;
  if (statefulSet) {
    // Created from a record the cache does not show yet: members keep getting the same backup.
    const backupId = templateBackupId(statefulSet);
    if (backupId) return { actions: [], render: { backupId, targetUrl: targetUrlOf(wanted.s3), image } };
    throw problem(
      'BootstrapTooLate',
      `${name} existed before it named a backup; restore into it with zkop restore`,
    );
  }
  if (claims.length > 0) {
    throw problem(
      'BootstrapOverRetainedVolumes',
      `volumes of an earlier ${name} are still here (${claims.map((c) => c.metadata?.name).join(', ')}): members would start from their data, not from the backup; delete them, or create the ensemble without spec.bootstrap to keep that data`,
    );
  }
  const credentials = await credentialsOf(ctx, namespace, wanted.s3);
  if ('waiting' in credentials) throw problem(credentials.waiting.reason, credentials.waiting.message);
  let manifest: Awaited<ReturnType<typeof findBackup>>;
  try {
    const store = await (ctx.openStore ?? openStore)(
      targetOf(wanted.s3),
      s3SettingsOf(wanted.s3, credentials),
    );
    manifest = await findBackup(store, wanted.backupId);
  } catch (error) {
    throw problem('BootstrapBackupUnreadable', (error as Error).message);
  }
  const refusal = nativeRestoreRefusal(manifest, spec.version);
  if (refusal) throw problem('BootstrapBackupRefused', refusal);
  const status: BootstrapStatus = {
    backupId: manifest.id,
    targetUrl: targetUrlOf(wanted.s3),
    lastZxid: manifest.lastZxid,
    restored: false,
  };
  const written = await writeStatus(ctx, zk, { ...(zk.status ?? {}), bootstrap: status });
  return {
    actions: [`start from backup ${manifest.id} (last zxid ${manifest.lastZxid})`, ...written],
    status,
    render: { backupId: manifest.id, targetUrl: status.targetUrl, image },
  };
}

/** The record once every first member serves: the backup is restored, and new members no longer get it. */
export function restoredOnceServing(record: BootstrapStatus, observation: Observation): BootstrapStatus {
  if (record.restored) return record;
  const members = observation.members.filter((m) => m.running);
  const serving = members.length > 0 && members.every((m) => m.serving && m.synced);
  return serving ? { ...record, restored: true } : record;
}

/** The backup the live StatefulSet's members are placed from, from its init container's arguments. */
function templateBackupId(statefulSet: V1StatefulSet): string | undefined {
  const args = statefulSet.spec?.template.spec?.initContainers?.find(
    (c) => c.name === BOOTSTRAP_CONTAINER,
  )?.args;
  const at = args?.indexOf('--backup') ?? -1;
  return at >= 0 ? args?.[at + 1] : undefined;
}
