/** Where backups are kept: a directory or S3-compatible storage, behind one small interface. */
import type { Readable } from 'node:stream';

export interface StoredObject {
  /** Relative to the target's root (its directory or bucket prefix). */
  readonly key: string;
  readonly size: number;
}

export interface BackupStore {
  /** The target as the user writes it: a directory or `s3://bucket/prefix`. */
  readonly url: string;
  /** Writes `key`; the object is seen (listed, read) only once it is complete. */
  put(key: string, body: Readable | Buffer): Promise<void>;
  /** Reads `key`; a StoreError of kind `not-found` when it is absent. */
  get(key: string): Promise<Readable>;
  /** Every object under the root. */
  list(): Promise<StoredObject[]>;
  delete(key: string): Promise<void>;
}

/** unreachable: no answer; credentials: refused who we are; denied: not allowed (or read-only); no-bucket; not-found: no such object. */
export type StoreFailure = 'unreachable' | 'credentials' | 'denied' | 'no-bucket' | 'not-found' | 'io';

export class StoreError extends Error {
  override readonly name = 'StoreError';
  readonly kind: StoreFailure;
  constructor(kind: StoreFailure, message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.kind = kind;
  }
}
