/** The store a target URL names; S3 settings come from the caller (locally: the standard AWS variables). */
import { resolve } from 'node:path';
import type { TargetUrl } from '../backup/target-url.ts';
import { DirectoryStore } from './directory-store.ts';
import { type S3Settings, S3Store } from './s3-store.ts';
import type { BackupStore } from './store.ts';

export function openStore(target: TargetUrl, s3: S3Settings): BackupStore {
  if (target.kind === 'directory') return new DirectoryStore(resolve(target.path));
  return new S3Store({ bucket: target.bucket, prefix: target.prefix }, s3);
}
