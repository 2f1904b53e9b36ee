/**
 * Bringing a backup's payload to a local file and checking it against its manifest (size and SHA-256)
 * before anything is restored from it. A payload that does not match is deleted and refused.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { BackupManifest } from '../../../backup/manifest.ts';
import type { BackupStore } from '../../../backup-store/store.ts';
import { failed, notFound } from '../errors.ts';
import { listBackups } from './list-backups.ts';

/** The backup `id`, or the newest complete one when `id` is absent; refuses one that is not complete. */
export async function findBackup(store: BackupStore, id: string | undefined): Promise<BackupManifest> {
  const { complete, incomplete } = await listBackups(store);
  if (id === undefined) {
    const newest = complete.at(-1);
    if (newest === undefined) throw notFound(`no complete backup in ${store.url}`);
    return newest;
  }
  const found = complete.find((m) => m.id === id);
  if (found) return found;
  const broken = incomplete.find((b) => b.id === id);
  if (broken) throw failed(`backup ${id} in ${store.url} is not complete: ${broken.why}; it is refused`);
  throw notFound(`no backup ${id} in ${store.url}`);
}

export async function fetchVerified(
  store: BackupStore,
  manifest: BackupManifest,
  file: string,
): Promise<void> {
  const hash = createHash('sha256');
  let size = 0;
  const counting = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  await mkdir(dirname(file), { recursive: true });
  try {
    await pipeline(await store.get(`${manifest.id}/${manifest.payload}`), counting, createWriteStream(file));
  } catch (error) {
    await rm(file, { force: true });
    throw error;
  }
  const sha256 = hash.digest('hex');
  if (size !== manifest.size || sha256 !== manifest.sha256) {
    await rm(file, { force: true });
    throw failed(
      `backup ${manifest.id} in ${store.url} does not match its manifest ` +
        `(${size} bytes with sha256 ${sha256}; the manifest says ${manifest.size} bytes with sha256 ${manifest.sha256}): ` +
        'it was truncated or altered and is refused; nothing was restored',
    );
  }
}
