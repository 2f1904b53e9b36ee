/**
 * What a backup needs before it starts, found out by the operator: the ensemble (its members serving,
 * its version, which kind to take) and the S3 credentials from the user's Secret. What is missing is a
 * verdict (waiting or refused), never a thrown reconcile.
 */
import type { V1Secret } from '@kubernetes/client-node';
import type { ZooKeeperBackupSpec } from '../../../api/backup.ts';
import { applyDefaults } from '../../../api/defaults.ts';
import type { BackupKind } from '../../../backup/manifest.ts';
import type { S3Settings } from '../../../backup-store/s3-settings.ts';
import type { EnsembleObservation } from '../../../zk/observation.ts';
import type { TlsOptions } from '../../../zk/tls-options.ts';
import { SECRETS } from '../client/resources.ts';
import { cachedClientTls } from '../reconcile/certificates.ts';
import type { LiveZooKeeper, ReconcileContext } from '../reconcile/context.ts';
import type { MemberReach } from '../reconcile/ensemble-access.ts';
import type { MemberFacts } from '../reconcile/member-facts.ts';
import { podFacts, reachOf } from '../reconcile/observe.ts';
import { memberAddress } from '../render/names.ts';
import { chooseKind, s3SettingsOf } from './backup-plan.ts';
import type { BackupVerdict } from './backup-status.ts';
import type { LiveBackup } from './live-backup.ts';

export interface BackupSource {
  readonly zk: LiveZooKeeper;
  readonly kind: BackupKind;
  readonly version: string;
  readonly serving: readonly MemberReach[];
  /**
   * The pod address of the member whose snapshot is taken (the leader): member Services carry no
   * AdminServer port.
   */
  readonly leaderAddress: string | undefined;
  /**
   * The leader uses TLS: its AdminServer serves HTTPS only, with the members' certificate, which names
   * its member address, not the pod address dialled.
   */
  readonly leaderAdminTls?: TlsOptions;
  readonly s3: S3Settings;
  /** How zkop connects to members that serve client TLS, on their secure client port. */
  readonly client?: TlsOptions;
}

/** Not yet: look again later. */
export interface Waiting {
  readonly waiting: BackupVerdict;
}
/** Never: the backup fails. */
export interface Refused {
  readonly refused: BackupVerdict;
}

export type SourceContext = Pick<
  ReconcileContext,
  'api' | 'zookeepers' | 'pods' | 'ownSecrets' | 'clock' | 'ensemble' | 'render'
>;

const pending = (reason: string, message: string): Waiting => ({
  waiting: { phase: 'Pending', reason, message },
});

/** The S3 credentials from the user's Secret that `s3` names, in `namespace`. */
export async function credentialsOf(
  ctx: Pick<SourceContext, 'api'>,
  namespace: string,
  s3: ZooKeeperBackupSpec['s3'],
): Promise<{ accessKeyId: string; secretAccessKey: string } | Waiting> {
  const ref = s3.credentialsSecretRef;
  const secret = await ctx.api.get<V1Secret>(SECRETS, { namespace, name: ref.name });
  if (secret === undefined) {
    return pending(
      'SecretNotFound',
      `spec.s3.credentialsSecretRef.name: there is no Secret ${ref.name} in namespace ${namespace}`,
    );
  }
  const value = (key: string) => {
    const encoded = secret.data?.[key];
    return encoded ? Buffer.from(encoded, 'base64').toString('utf8') : undefined;
  };
  const idKey = ref.accessKeyIdKey ?? 'accessKeyId';
  const secretKey = ref.secretAccessKeyKey ?? 'secretAccessKey';
  const accessKeyId = value(idKey);
  const secretAccessKey = value(secretKey);
  const missing = [accessKeyId === undefined ? idKey : '', secretAccessKey === undefined ? secretKey : ''];
  if (accessKeyId === undefined || secretAccessKey === undefined) {
    return pending(
      'SecretKeyMissing',
      `spec.s3.credentialsSecretRef: Secret ${ref.name} has no ${missing.filter(Boolean).join(' and no ')}`,
    );
  }
  return { accessKeyId, secretAccessKey };
}

async function observed(
  ctx: SourceContext,
  zk: LiveZooKeeper,
  facts: readonly MemberFacts[],
  client: TlsOptions | undefined,
): Promise<EnsembleObservation | undefined> {
  const running = facts.filter((f) => f.running).map(reachOf);
  if (running.length === 0) return undefined;
  try {
    return await ctx.ensemble.inspect(zk, running, client);
  } catch {
    return undefined;
  }
}

export async function backupSource(
  ctx: SourceContext,
  backup: LiveBackup,
): Promise<BackupSource | Waiting | Refused> {
  const { namespace } = backup.metadata;
  const { ensemble } = backup.spec;
  const zk = ctx.zookeepers.get(`${namespace}/${ensemble}`);
  if (zk === undefined || zk.metadata.deletionTimestamp) {
    return pending(
      'EnsembleNotFound',
      `spec.ensemble: there is no ZooKeeper ${ensemble} in namespace ${namespace}`,
    );
  }
  const credentials = await credentialsOf(ctx, namespace, backup.spec.s3);
  if ('waiting' in credentials) return credentials;
  const facts = podFacts(ctx, zk, []);
  const spec = applyDefaults(zk.spec);
  const client = cachedClientTls(ctx, zk, spec);
  if (client === undefined && facts.some((f) => f.running && reachOf(f).tls)) {
    return pending(
      'CertificatesNotReady',
      `${ensemble} uses TLS, and zkop has no client certificate for it yet; the backup starts once it has`,
    );
  }
  const observation = await observed(ctx, zk, facts, client);
  const reports = (observation?.members ?? []).filter((m) => m.serving);
  if (observation === undefined || reports.length === 0) {
    return pending(
      'EnsembleNotServing',
      `no member of ${ensemble} serves yet; the backup starts once one does`,
    );
  }
  const version = reports.find((m) => m.version)?.version ?? spec.version;
  const chosen = chooseKind(backup.spec.kind, version);
  if ('refused' in chosen) {
    return { refused: { phase: 'Failed', reason: 'NativeNotSupported', message: chosen.refused } };
  }
  const leaderFacts = facts.find((f) => f.id === observation.leaderId);
  const domain = ctx.render?.clusterDomain;
  const leaderAddress = leaderFacts?.pod?.status?.podIP;
  if (chosen.kind === 'native' && leaderAddress === undefined) {
    return pending('NoLeader', `${ensemble} has no leader serving; a snapshot is taken from the leader`);
  }
  return {
    zk,
    kind: chosen.kind,
    version,
    serving: reports.flatMap((m) => facts.filter((f) => f.id === m.id).map(reachOf)),
    leaderAddress,
    ...(client && leaderFacts && reachOf(leaderFacts).tls
      ? {
          leaderAdminTls: {
            ...client,
            serverName: memberAddress(ensemble, namespace, leaderFacts.id, domain),
          },
        }
      : {}),
    s3: s3SettingsOf(backup.spec.s3, credentials),
    ...(client ? { client } : {}),
  };
}
