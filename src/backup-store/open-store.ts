/**
 * The store a target URL names; S3 settings come from the caller (locally: the standard AWS
 * variables). The S3 SDK is loaded only when an S3 target is opened: the operator and most commands
 * never need it.
 */
import { resolve } from 'node:path';
import type { TargetUrl } from '../backup/target-url.ts';
import { DirectoryStore } from './directory-store.ts';
import type { S3Settings } from './s3-settings.ts';
import type { BackupStore } from './store.ts';

/** The store, and for S3 a check that the bucket exists and the credentials are accepted. */
export async function openStore(target: TargetUrl, s3: S3Settings): Promise<BackupStore> {
  if (target.kind === 'directory') return new DirectoryStore(resolve(target.path));
  const { S3Store } = await import('./s3-store.ts');
  const store = new S3Store({ bucket: target.bucket, prefix: target.prefix }, s3);
  await store.check();
  return store;
}
