/**
 * Importing a logical backup (a verified local file) into a running ensemble, parents first. Znodes
 * that already exist are refused before anything is written, unless `replace` is set: then their data
 * and ACL become the backup's. Znodes the backup does not hold are never touched or deleted.
 * Missing ancestors of the exported root are created empty, open to everyone.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import {
  isTrailer,
  LogicalFormatError,
  type LogicalHeader,
  parseBody,
  parseHeader,
  type ZnodeRecord,
} from '../../../backup/logical-format.ts';
import type { ZkClient } from '../../../zk/client.ts';
import type { CreateMode } from '../../../zk/jute/protocol-constants.ts';
import type { Acl } from '../../../zk/jute/records.ts';
import { createAncestors } from '../../../zk/znode-tree.ts';
import { failed, invalidInput } from '../errors.ts';

export interface ImportOptions {
  readonly replace: boolean;
  readonly onProgress?: (message: string) => void;
}

export interface ImportResult {
  readonly znodes: number;
  readonly created: number;
  readonly replaced: number;
}

const BATCH = 512;
const depthOf = (path: string) => path.split('/').length - 1;
const isSystem = (path: string) => path === '/zookeeper' || path.startsWith('/zookeeper/');

/** Every record of the file in order, after its header; refuses a file without its trailer or with another count. */
async function* records(file: string): AsyncGenerator<ZnodeRecord, LogicalHeader> {
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Number.POSITIVE_INFINITY });
  let header: LogicalHeader | undefined;
  let count = 0;
  let ended = false;
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber += 1;
    if (ended) throw new LogicalFormatError(`line ${lineNumber}: data after the trailer`);
    if (header === undefined) {
      header = parseHeader(line);
      continue;
    }
    const body = parseBody(line, lineNumber);
    if (isTrailer(body)) {
      if (body.znodes !== count) {
        throw new LogicalFormatError(`the trailer counts ${body.znodes} znodes, the file holds ${count}`);
      }
      ended = true;
      continue;
    }
    if (isSystem(body.path))
      throw new LogicalFormatError(`line ${lineNumber}: ${body.path} is ZooKeeper's own`);
    count += 1;
    yield body;
  }
  if (header === undefined) throw new LogicalFormatError('the file is empty');
  if (!ended)
    throw new LogicalFormatError(`the file ends after ${count} znodes without its trailer: truncated`);
  return header;
}

async function inBatches(
  file: string,
  work: (batch: ZnodeRecord[]) => Promise<void>,
): Promise<LogicalHeader> {
  const iterator = records(file);
  let batch: ZnodeRecord[] = [];
  for (;;) {
    const next = await iterator.next();
    // A batch holds one depth only, so every parent exists before its children are created.
    const flush =
      next.done || batch.length >= BATCH || (batch[0] && depthOf(batch[0].path) !== depthOf(next.value.path));
    if (flush && batch.length > 0) {
      await work(batch);
      batch = [];
    }
    if (next.done) return next.value;
    batch.push(next.value);
  }
}

const aclOf = (record: ZnodeRecord): Acl[] =>
  record.acl.map((a) => ({ perms: a.perms, id: { scheme: a.scheme, id: a.id } }));

const modeOf = (record: ZnodeRecord): CreateMode =>
  record.mode === 'ttl' ? 'persistentWithTtl' : record.mode === 'container' ? 'container' : 'persistent';

function readFailure(error: unknown): unknown {
  return error instanceof LogicalFormatError
    ? invalidInput(`the logical backup is unreadable: ${error.message}`)
    : error;
}

export async function importLogical(
  client: ZkClient,
  file: string,
  options: ImportOptions,
): Promise<ImportResult> {
  const existing = new Set<string>();
  let header: LogicalHeader;
  try {
    header = await inBatches(file, async (batch) => {
      const stats = await Promise.all(batch.map((r) => client.exists(r.path)));
      for (const [i, r] of batch.entries()) if (stats[i]) existing.add(r.path);
    });
  } catch (error) {
    throw readFailure(error);
  }
  if (existing.size > 0 && !options.replace) {
    const first = [...existing].slice(0, 5).join(', ');
    throw failed(
      `${existing.size} znode(s) of the backup already exist (${first}${existing.size > 5 ? ', ...' : ''}); ` +
        'nothing was written. Import with --replace to give them the backup’s data and ACLs',
    );
  }
  await createAncestors(client, header.root);
  let created = 0;
  let replaced = 0;
  let done = 0;
  await inBatches(file, async (batch) => {
    await Promise.all(
      batch.map(async (record) => {
        const data = Buffer.from(record.data, 'base64');
        if (existing.has(record.path)) {
          await client.setData(record.path, data);
          await client.setACL(record.path, aclOf(record));
          replaced += 1;
          return;
        }
        await client.create(record.path, {
          data,
          acl: aclOf(record),
          mode: modeOf(record),
          ...(record.ttlMs === undefined ? {} : { ttlMs: record.ttlMs }),
        });
        created += 1;
      }),
    );
    done += batch.length;
    if (done % 10_240 < batch.length) options.onProgress?.(`  ${done} znodes`);
  });
  return { znodes: created + replaced, created, replaced };
}
