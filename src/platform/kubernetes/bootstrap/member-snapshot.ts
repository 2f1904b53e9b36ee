/**
 * What a new member's init container does when its ensemble starts from a backup (spec.bootstrap):
 * `zkop place-snapshot` in the operator's image, with the S3 endpoint and credentials in the standard
 * AWS variables, places the backup's snapshot into the member's empty data directory.
 */
import { findBackup } from '../../shared/backup/fetch-verified.ts';
import { openTarget } from '../../shared/backup/open-target.ts';
import { type Placed, placeSnapshot } from '../../shared/backup/place-snapshot.ts';
import { withStore } from '../../shared/backup/store-failure.ts';

export interface MemberSnapshotRequest {
  /** `s3://bucket/prefix`. */
  readonly from: string;
  readonly backupId: string;
  /** The member's ZooKeeper version: a snapshot is read by the same minor only. */
  readonly version: string;
  readonly dataDir: string;
  readonly dataLogDir: string;
}

export async function placeMemberSnapshot(request: MemberSnapshotRequest): Promise<Placed> {
  const store = await openTarget(request.from);
  const manifest = await withStore(() => findBackup(store, request.backupId));
  return withStore(() => placeSnapshot(store, manifest, request));
}
