/**
 * A backup's manifest: what the payload beside it holds and how to check it. The manifest is written
 * after the payload, so a backup whose manifest is missing (or names another size) is not complete.
 */

export const BACKUP_FORMAT_VERSION = 1;

/** native: a ZooKeeper snapshot file as the AdminServer streams it (3.9+); logical: zkop's znode records. */
export type BackupKind = 'native' | 'logical';

export interface BackupManifest {
  readonly formatVersion: number;
  /** The backup's name within its target, also the folder its files sit in. */
  readonly id: string;
  readonly kind: BackupKind;
  /** The ensemble's name, or the connect string an export was made from. */
  readonly ensemble: string;
  /** The ZooKeeper version that served the data. */
  readonly zookeeperVersion: string;
  /** The last transaction the payload includes, `0x...`. */
  readonly lastZxid: string;
  /** Bytes of the payload. */
  readonly size: number;
  /** SHA-256 of the payload, hex. */
  readonly sha256: string;
  /** ISO time the backup started. */
  readonly createdAt: string;
  readonly durationMs: number;
  /** File name of the payload beside the manifest. */
  readonly payload: string;
  /** Logical backups: how many znodes the payload holds. */
  readonly znodes?: number;
}

export class ManifestError extends Error {
  override readonly name = 'ManifestError';
}

const HEX_ZXID = /^0x[0-9a-f]{1,16}$/;
const SHA256 = /^[0-9a-f]{64}$/;

export function encodeManifest(manifest: BackupManifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

function field<T>(record: Record<string, unknown>, key: string, ok: (v: unknown) => v is T): T {
  const value = record[key];
  if (!ok(value)) throw new ManifestError(`field '${key}' is missing or malformed`);
  return value;
}

const isString = (v: unknown): v is string => typeof v === 'string' && v !== '';
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const isKind = (v: unknown): v is BackupKind => v === 'native' || v === 'logical';
const matching =
  (pattern: RegExp) =>
  (v: unknown): v is string =>
    typeof v === 'string' && pattern.test(v);

/** Reads a manifest, refusing one this zkop cannot trust or does not understand. */
export function parseManifest(text: string): BackupManifest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ManifestError(`not JSON (${(error as Error).message})`);
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new ManifestError('not a JSON object');
  }
  const record = json as Record<string, unknown>;
  const formatVersion = field(record, 'formatVersion', isCount);
  if (formatVersion !== BACKUP_FORMAT_VERSION) {
    throw new ManifestError(
      `format version ${formatVersion}; this zkop reads format ${BACKUP_FORMAT_VERSION}`,
    );
  }
  const znodes = record.znodes === undefined ? undefined : field(record, 'znodes', isCount);
  return {
    formatVersion,
    id: field(record, 'id', isString),
    kind: field(record, 'kind', isKind),
    ensemble: field(record, 'ensemble', isString),
    zookeeperVersion: field(record, 'zookeeperVersion', isString),
    lastZxid: field(record, 'lastZxid', matching(HEX_ZXID)),
    size: field(record, 'size', isCount),
    sha256: field(record, 'sha256', matching(SHA256)),
    createdAt: field(record, 'createdAt', isString),
    durationMs: field(record, 'durationMs', isCount),
    payload: field(record, 'payload', isString),
    ...(znodes === undefined ? {} : { znodes }),
  };
}
