/**
 * zkop's logical backup format (docs/backup-format.md): newline-delimited JSON, one header line, one
 * line per znode (parents before children), one trailer line with the count, so a truncated file is
 * told apart from a short one even without its checksum.
 */

export const LOGICAL_FORMAT = 'zkop-logical';
export const LOGICAL_FORMAT_VERSION = 1;

export interface LogicalHeader {
  readonly format: typeof LOGICAL_FORMAT;
  readonly version: number;
  /** The subtree exported; paths in the records are absolute. */
  readonly root: string;
  readonly zookeeperVersion: string;
}

export interface LogicalAcl {
  readonly perms: number;
  readonly scheme: string;
  readonly id: string;
}

/** How the znode was created; ephemeral znodes are never exported. */
export type LogicalMode = 'persistent' | 'container' | 'ttl';

export interface ZnodeRecord {
  readonly path: string;
  /** The data, base64. */
  readonly data: string;
  readonly acl: readonly LogicalAcl[];
  readonly mode: LogicalMode;
  /** TTL znodes only. */
  readonly ttlMs?: number;
  /** From the source's Stat, for checks; an import does not (cannot) set them. */
  readonly stat: {
    readonly czxid: string;
    readonly mzxid: string;
    readonly ctime: number;
    readonly mtime: number;
    readonly version: number;
    readonly cversion: number;
    readonly aversion: number;
    readonly numChildren: number;
  };
}

export interface LogicalTrailer {
  readonly end: true;
  readonly znodes: number;
  /** The highest mzxid or pzxid seen during the walk, `0x...`. */
  readonly lastZxid: string;
}

export class LogicalFormatError extends Error {
  override readonly name = 'LogicalFormatError';
}

export const encodeLine = (value: LogicalHeader | ZnodeRecord | LogicalTrailer): string =>
  `${JSON.stringify(value)}\n`;

export function headerLine(root: string, zookeeperVersion: string): string {
  return encodeLine({ format: LOGICAL_FORMAT, version: LOGICAL_FORMAT_VERSION, root, zookeeperVersion });
}

function parseJson(line: string, lineNumber: number): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(line);
    if (value !== null && typeof value === 'object' && !Array.isArray(value))
      return value as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw new LogicalFormatError(`line ${lineNumber} is not a JSON object`);
}

export function parseHeader(line: string): LogicalHeader {
  const json = parseJson(line, 1);
  if (json.format !== LOGICAL_FORMAT) throw new LogicalFormatError('line 1 is not a zkop logical header');
  if (json.version !== LOGICAL_FORMAT_VERSION) {
    throw new LogicalFormatError(
      `logical format version ${String(json.version)}; this zkop reads version ${LOGICAL_FORMAT_VERSION}`,
    );
  }
  if (typeof json.root !== 'string' || typeof json.zookeeperVersion !== 'string') {
    throw new LogicalFormatError('the header lacks root or zookeeperVersion');
  }
  return json as unknown as LogicalHeader;
}

const VALID_PATH = /^\/(?:[^/\0]+(?:\/[^/\0]+)*)?$/;

/** A record or the trailer; anything else is refused with its line number. */
export function parseBody(line: string, lineNumber: number): ZnodeRecord | LogicalTrailer {
  const json = parseJson(line, lineNumber);
  if (json.end === true) {
    if (typeof json.znodes !== 'number' || typeof json.lastZxid !== 'string') {
      throw new LogicalFormatError(`line ${lineNumber}: malformed trailer`);
    }
    return json as unknown as LogicalTrailer;
  }
  const ok =
    typeof json.path === 'string' &&
    VALID_PATH.test(json.path) &&
    typeof json.data === 'string' &&
    Array.isArray(json.acl) &&
    json.acl.length > 0 &&
    json.acl.every(
      (a: unknown) =>
        typeof a === 'object' &&
        a !== null &&
        typeof (a as LogicalAcl).perms === 'number' &&
        typeof (a as LogicalAcl).scheme === 'string' &&
        typeof (a as LogicalAcl).id === 'string',
    ) &&
    (json.mode === 'persistent' || json.mode === 'container' || json.mode === 'ttl');
  if (!ok) throw new LogicalFormatError(`line ${lineNumber}: not a znode record`);
  return json as unknown as ZnodeRecord;
}

export const isTrailer = (value: ZnodeRecord | LogicalTrailer): value is LogicalTrailer =>
  'end' in value && value.end === true;
