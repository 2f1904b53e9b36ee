/**
 * Pure decisions of a ZooKeeperBackup: which kind to take on a version, where it goes (the S3
 * settings and the URL `zkop backup list --from` takes), and the condition reason of a store failure.
 */
import type { ZooKeeperBackupSpec } from '../../../api/backup.ts';
import { findVersion } from '../../../api/versions.ts';
import type { BackupKind } from '../../../backup/manifest.ts';
import { formatTargetUrl, type TargetUrl } from '../../../backup/target-url.ts';
import type { S3Settings } from '../../../backup-store/s3-settings.ts';
import type { StoreFailure } from '../../../backup-store/store.ts';

/** The kind asked for, else native where the version's AdminServer takes snapshots; a refusal otherwise. */
export function chooseKind(
  asked: BackupKind | undefined,
  version: string,
): { kind: BackupKind } | { refused: string } {
  const native = findVersion(version)?.adminSnapshot === true;
  if (asked === undefined) return { kind: native ? 'native' : 'logical' };
  if (asked === 'native' && !native) {
    return {
      refused: `spec.kind: the ensemble runs ZooKeeper ${version}, whose AdminServer has no snapshot command (3.9+); use kind: logical`,
    };
  }
  return { kind: asked };
}

export const targetOf = (s3: ZooKeeperBackupSpec['s3']): TargetUrl => ({
  kind: 's3',
  bucket: s3.bucket,
  prefix: s3.prefix ?? '',
});

export const targetUrlOf = (s3: ZooKeeperBackupSpec['s3']): string => formatTargetUrl(targetOf(s3));

export function s3SettingsOf(
  s3: ZooKeeperBackupSpec['s3'],
  credentials: { accessKeyId: string; secretAccessKey: string },
): S3Settings {
  return {
    region: s3.region ?? 'us-east-1',
    credentials,
    ...(s3.endpoint ? { endpoint: s3.endpoint.replace(/\/$/, '') } : {}),
    ...(s3.forcePathStyle === undefined ? {} : { forcePathStyle: s3.forcePathStyle }),
  };
}

const STORE_REASONS: Readonly<Record<StoreFailure, string>> = {
  credentials: 'StoreCredentialsRefused',
  denied: 'StoreAccessDenied',
  'no-bucket': 'BucketNotFound',
  unreachable: 'StoreUnreachable',
  'not-found': 'StoreFailed',
  io: 'StoreFailed',
};

export const storeReason = (failure: StoreFailure): string => STORE_REASONS[failure];

/** `4.2s`, `95s`. */
export const formatDuration = (ms: number): string =>
  ms < 10_000 ? `${(ms / 1000).toFixed(1)}s` : `${Math.round(ms / 1000)}s`;
