/**
 * What the e2e files that back up share: SeaweedFS (a real S3-compatible server) where pods reach it,
 * the Secret with its credentials, ZooKeeperBackup objects applied and watched until they finish.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTargetUrl } from '../../src/backup/target-url.ts';
import { openStore } from '../../src/backup-store/open-store.ts';
import { fetchVerified, findBackup } from '../../src/platform/shared/backup/fetch-verified.ts';
import { kubectlOk, waitFor } from '../cluster/cluster.ts';
import { type S3Server, startS3Server } from '../support/s3-server.ts';

/** The machine's address on the cluster's node network (test/cluster/lib.sh, host_ip): pods reach it. */
const MACHINE_ON_NODE_NETWORK = '10.89.0.254';

/** SeaweedFS on the machine's node-network address, with `bucket` made. */
export async function startClusterS3(bucket: string): Promise<S3Server> {
  const s3 = await startS3Server(MACHINE_ON_NODE_NETWORK);
  await s3.createBucket(bucket);
  return s3;
}

/** A Secret `name` in `ns` with S3 credentials under the keys a backup reads by default. */
export function s3Secret(ns: string, name: string, accessKeyId: string, secretAccessKey: string): void {
  kubectlOk([
    '-n',
    ns,
    'create',
    'secret',
    'generic',
    name,
    `--from-literal=accessKeyId=${accessKeyId}`,
    `--from-literal=secretAccessKey=${secretAccessKey}`,
  ]);
}

export interface BackupTarget {
  readonly endpoint: string;
  readonly bucket: string;
  readonly prefix: string;
  /** The Secret with the credentials. */
  readonly secret: string;
}

/** A ZooKeeperBackup `name` of ensemble `ensemble` into `target`; `kind` absent: zkop chooses. */
export function applyBackupTo(
  ns: string,
  name: string,
  ensemble: string,
  kind: string | undefined,
  target: BackupTarget,
): void {
  const manifest = {
    apiVersion: 'zookeeper.zkop.dev/v1alpha1',
    kind: 'ZooKeeperBackup',
    metadata: { name, namespace: ns },
    spec: {
      ensemble,
      ...(kind ? { kind } : {}),
      s3: {
        endpoint: target.endpoint,
        bucket: target.bucket,
        prefix: target.prefix,
        credentialsSecretRef: { name: target.secret },
      },
    },
  };
  kubectlOk(['apply', '--server-side', '--field-manager=e2e', '-f', '-'], JSON.stringify(manifest));
}

export interface BackupView {
  readonly status?: {
    phase?: string;
    kind?: string;
    backupId?: string;
    targetUrl?: string;
    lastZxid?: string;
    size?: number;
    sha256?: string;
    znodes?: number;
    startTime?: string;
    duration?: string;
    conditions?: { type: string; status: string; reason: string; message: string }[];
  };
}

export const backupOf = (ns: string, name: string) =>
  JSON.parse(kubectlOk(['-n', ns, 'get', 'zookeeperbackup', name, '-o', 'json'])) as BackupView;

/** Waits until backup `name` is Completed or Failed. */
export const finishedBackup = (ns: string, name: string) =>
  waitFor(
    `backup ${name} to finish`,
    180_000,
    () => {
      const view = backupOf(ns, name);
      return view.status?.phase === 'Completed' || view.status?.phase === 'Failed' ? view : undefined;
    },
    1000,
  );

/** One znode of a logical backup, as its records hold it (data in base64). */
export interface ZnodeRecord {
  readonly path: string;
  readonly data: string;
  readonly acl: { perms: number; scheme: string; id: string }[];
}

/** The znode records of logical backup `id` in `target` (`s3://bucket/prefix`), fetched and verified into `dir`. */
export async function logicalRecords(
  s3: S3Server,
  target: string,
  id: string | undefined,
  dir: string,
): Promise<ZnodeRecord[]> {
  const store = await openStore(parseTargetUrl(target), {
    endpoint: s3.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
  });
  const file = join(dir, `${id}.ndjson`);
  await fetchVerified(store, await findBackup(store, id), file);
  // The first line is the header, the last the trailer.
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .slice(1, -1)
    .map((line) => JSON.parse(line) as ZnodeRecord);
}
