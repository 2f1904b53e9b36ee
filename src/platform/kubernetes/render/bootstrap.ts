/**
 * The init container of a member whose ensemble starts from a backup (spec.bootstrap): zkop's own
 * image runs `zkop place-snapshot`, which checks the backup's snapshot against its manifest and places
 * it into the member's data directory before ZooKeeper first starts there; a directory that holds data
 * is left as it is. The S3 endpoint, region and credentials reach it as the standard AWS variables,
 * the credentials straight from the user's Secret. Rendered only while the status records the backup
 * as not yet restored (RenderOptions.bootstrap).
 */
import type { V1Container, V1EnvVar } from '@kubernetes/client-node';
import type { RenderContext } from './context.ts';
import { DATA_LOG_MOUNT, DATA_MOUNT, podPaths, VOLUMES } from './pod-layout.ts';
import { containerSecurityContext } from './security-context.ts';

export const BOOTSTRAP_CONTAINER = 'bootstrap';

export function bootstrapContainers(ctx: RenderContext): V1Container[] {
  const backup = ctx.spec.bootstrap?.backup;
  if (!ctx.bootstrap || !backup) return [];
  const { s3 } = backup;
  const ref = s3.credentialsSecretRef;
  const paths = podPaths(ctx.spec.storage.dataLog !== null);
  const fromSecret = (name: string, key: string): V1EnvVar => ({
    name,
    valueFrom: { secretKeyRef: { name: ref.name, key } },
  });
  return [
    {
      name: BOOTSTRAP_CONTAINER,
      image: ctx.bootstrap.image,
      args: [
        'place-snapshot',
        '--from',
        ctx.bootstrap.targetUrl,
        '--backup',
        ctx.bootstrap.backupId,
        '--zookeeper-version',
        ctx.spec.version,
        '--data-dir',
        paths.dataDir,
        '--data-log-dir',
        paths.dataLogDir,
      ],
      env: [
        ...(s3.endpoint ? [{ name: 'AWS_ENDPOINT_URL_S3', value: s3.endpoint }] : []),
        { name: 'AWS_REGION', value: s3.region },
        fromSecret('AWS_ACCESS_KEY_ID', ref.accessKeyIdKey),
        fromSecret('AWS_SECRET_ACCESS_KEY', ref.secretAccessKeyKey),
      ],
      securityContext: containerSecurityContext(),
      volumeMounts: [
        { name: VOLUMES.data, mountPath: DATA_MOUNT },
        ...(ctx.spec.storage.dataLog ? [{ name: VOLUMES.dataLog, mountPath: DATA_LOG_MOUNT }] : []),
        { name: VOLUMES.tmp, mountPath: '/tmp' },
      ],
    },
  ];
}
