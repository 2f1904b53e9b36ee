/**
 * Backups in S3-compatible object storage, through the AWS SDK (ADR 0110). An object becomes visible
 * only when its upload completes (a multipart upload of a stream of unknown length included), so a
 * reader never sees part of one.
 */

import { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { S3Settings } from './s3-settings.ts';
import { type BackupStore, type StoredObject, StoreError } from './store.ts';

export interface S3Location {
  readonly bucket: string;
  /** Without leading or trailing slash; '' for the bucket's root. */
  readonly prefix: string;
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENOTFOUND', 'ETIMEDOUT']);

export class S3Store implements BackupStore {
  readonly url: string;
  private readonly client: S3Client;
  private readonly location: S3Location;
  private readonly where: string;

  constructor(location: S3Location, settings: S3Settings) {
    this.location = location;
    this.url = `s3://${location.bucket}${location.prefix === '' ? '' : `/${location.prefix}`}`;
    this.where = settings.endpoint ? `${this.url} at ${settings.endpoint}` : this.url;
    this.client = new S3Client({
      region: settings.region,
      maxAttempts: 2,
      ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
      forcePathStyle: settings.forcePathStyle ?? settings.endpoint !== undefined,
      ...(settings.credentials ? { credentials: settings.credentials } : {}),
    });
  }

  private objectKey(key: string): string {
    return this.location.prefix === '' ? key : `${this.location.prefix}/${key}`;
  }

  /** Turns the SDK's failures into what the user can act on. */
  private failure(error: unknown, what: string): StoreError {
    const name = (error as Error).name;
    const code = (error as NodeJS.ErrnoException).code;
    const status = error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined;
    const at = `${what} ${this.where}`;
    if (name === 'NoSuchBucket' || (status === 404 && what === 'checking')) {
      return new StoreError('no-bucket', `${at}: bucket '${this.location.bucket}' does not exist`, error);
    }
    if (name === 'NoSuchKey' || name === 'NotFound')
      return new StoreError('not-found', `${at}: not found`, error);
    if (
      name === 'InvalidAccessKeyId' ||
      name === 'SignatureDoesNotMatch' ||
      name === 'CredentialsProviderError'
    ) {
      return new StoreError(
        'credentials',
        `${at}: the credentials were refused (${name}); check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY`,
        error,
      );
    }
    if (name === 'AccessDenied' || status === 403) {
      // A HEAD answer has no body: refused credentials and a missing permission look the same.
      return new StoreError(
        'denied',
        `${at}: access denied (HTTP 403): the credentials were refused or may not use this bucket; ` +
          'check AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and the bucket’s policy',
        error,
      );
    }
    if ((code && NETWORK_CODES.has(code)) || name === 'TimeoutError' || status === undefined) {
      const detail = code ?? (error as Error).message;
      return new StoreError('unreachable', `${at}: cannot reach the S3 endpoint (${detail})`, error);
    }
    return new StoreError('io', `${at}: ${name} (HTTP ${status}): ${(error as Error).message}`, error);
  }

  /** Fails early, with a clear message, when the bucket is missing or the credentials are refused. */
  async check(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.location.bucket }));
    } catch (error) {
      throw this.failure(error, 'checking');
    }
  }

  async put(key: string, body: Readable | Buffer): Promise<void> {
    try {
      const upload = new Upload({
        client: this.client,
        params: { Bucket: this.location.bucket, Key: this.objectKey(key), Body: body },
        leavePartsOnError: false,
      });
      await upload.done();
    } catch (error) {
      throw error instanceof StoreError ? error : this.failure(error, `writing ${key} to`);
    }
  }

  async get(key: string): Promise<Readable> {
    try {
      const answer = await this.client.send(
        new GetObjectCommand({ Bucket: this.location.bucket, Key: this.objectKey(key) }),
      );
      if (!(answer.Body instanceof Readable)) throw new Error('the answer has no body stream');
      return answer.Body;
    } catch (error) {
      throw this.failure(error, `reading ${key} from`);
    }
  }

  async list(): Promise<StoredObject[]> {
    const objects: StoredObject[] = [];
    const prefix = this.location.prefix === '' ? '' : `${this.location.prefix}/`;
    let token: string | undefined;
    try {
      do {
        const page = await this.client.send(
          new ListObjectsV2Command({
            Bucket: this.location.bucket,
            Prefix: prefix,
            ContinuationToken: token,
          }),
        );
        for (const object of page.Contents ?? []) {
          if (object.Key === undefined) continue;
          objects.push({ key: object.Key.slice(prefix.length), size: object.Size ?? 0 });
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token !== undefined);
    } catch (error) {
      throw this.failure(error, 'listing');
    }
    return objects.sort((a, b) => a.key.localeCompare(b.key));
  }

  async delete(key: string): Promise<void> {
    try {
      await this.client.send(
        new DeleteObjectCommand({ Bucket: this.location.bucket, Key: this.objectKey(key) }),
      );
    } catch (error) {
      throw this.failure(error, `deleting ${key} from`);
    }
  }
}
