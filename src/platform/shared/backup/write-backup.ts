/**
 * Storing one backup: the payload streams into the store through a SHA-256 and a byte count, then the
 * manifest is written. A payload that fails on the way leaves no manifest, so it is never listed.
 */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { Transform } from 'node:stream';
import { backupId, manifestKey, PAYLOAD_FILE, payloadKey } from '../../../backup/layout.ts';
import {
  BACKUP_FORMAT_VERSION,
  type BackupKind,
  type BackupManifest,
  encodeManifest,
} from '../../../backup/manifest.ts';
import type { BackupStore } from '../../../backup-store/store.ts';
import { failed } from '../errors.ts';

export interface BackupSource {
  readonly kind: BackupKind;
  readonly ensemble: string;
  readonly payload: Readable;
  /** The payload's size when known in advance (a snapshot's header); checked once it is stored. */
  readonly expectedSize?: number;
  /** What the manifest says about the data, known once the payload has streamed. */
  readonly describe: () => { zookeeperVersion: string; lastZxid: string; znodes?: number };
}

/** Counts and hashes what passes through. */
class Digesting extends Transform {
  readonly hash = createHash('sha256');
  size = 0;
  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.hash.update(chunk);
    this.size += chunk.length;
    this.push(chunk);
    done();
  }
}

export async function writeBackup(
  store: BackupStore,
  source: BackupSource,
  startedAt: Date,
  onProgress: (message: string) => void = () => undefined,
): Promise<BackupManifest> {
  const id = backupId(source.kind, startedAt);
  const payload = PAYLOAD_FILE[source.kind];
  const digesting = new Digesting();
  source.payload.on('error', (error) => digesting.destroy(error));
  onProgress(`writing ${store.url}/${payloadKey(id, payload)}`);
  await store.put(payloadKey(id, payload), source.payload.pipe(digesting));
  if (source.expectedSize !== undefined && digesting.size !== source.expectedSize) {
    throw failed(
      `backup ${id}: the server announced ${source.expectedSize} bytes and sent ${digesting.size}; ` +
        'the backup is incomplete and not listed',
    );
  }
  const manifest: BackupManifest = {
    formatVersion: BACKUP_FORMAT_VERSION,
    id,
    kind: source.kind,
    ensemble: source.ensemble,
    ...source.describe(),
    size: digesting.size,
    sha256: digesting.hash.digest('hex'),
    createdAt: startedAt.toISOString(),
    durationMs: Date.now() - startedAt.getTime(),
    payload,
  };
  await store.put(manifestKey(id), Buffer.from(encodeManifest(manifest)));
  onProgress(`wrote ${store.url}/${manifestKey(id)} (${manifest.size} bytes, sha256 ${manifest.sha256})`);
  return manifest;
}
