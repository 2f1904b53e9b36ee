/**
 * A logical backup: the znodes under a root, read with zkop's client from any ZooKeeper (3.7-3.9,
 * zkop's or not), as zkop's logical format (docs/backup-format.md). Ephemeral znodes are left out.
 */
import { Readable } from 'node:stream';
import { encodeLine, headerLine, type ZnodeRecord } from '../../../backup/logical-format.ts';
import type { BackupManifest } from '../../../backup/manifest.ts';
import { znodeMode } from '../../../backup/znode-mode.ts';
import type { BackupStore } from '../../../backup-store/store.ts';
import type { ZkClient } from '../../../zk/client.ts';
import { type WalkedZnode, walkTree } from '../../../zk/tree-walk.ts';
import { formatZxid } from '../../../zk/zxid.ts';
import { writeBackup } from './write-backup.ts';

export interface LogicalExportRequest {
  /** An ensemble's name, or the connect string exported from. */
  readonly ensemble: string;
  readonly zookeeperVersion: string;
  /** Default `/`. */
  readonly root?: string;
  readonly onProgress?: (message: string) => void;
}

function toRecord(znode: WalkedZnode): ZnodeRecord | undefined {
  const kind = znodeMode(znode.stat.ephemeralOwner);
  if (kind.mode === 'ephemeral') return undefined;
  const { stat } = znode;
  return {
    path: znode.path,
    data: znode.data.toString('base64'),
    acl: znode.acl.map((a) => ({ perms: a.perms, scheme: a.id.scheme, id: a.id.id })),
    mode: kind.mode,
    ...(kind.mode === 'ttl' ? { ttlMs: kind.ttlMs } : {}),
    stat: {
      czxid: formatZxid(stat.czxid),
      mzxid: formatZxid(stat.mzxid),
      ctime: stat.ctime,
      mtime: stat.mtime,
      version: stat.version,
      cversion: stat.cversion,
      aversion: stat.aversion,
      numChildren: stat.numChildren,
    },
  };
}

const PROGRESS_EVERY = 10_000;

export async function exportLogical(
  client: ZkClient,
  store: BackupStore,
  request: LogicalExportRequest,
): Promise<BackupManifest> {
  const root = request.root ?? '/';
  let znodes = 0;
  let lastZxid = 0n;
  async function* lines(): AsyncGenerator<string> {
    yield headerLine(root, request.zookeeperVersion);
    for await (const znode of walkTree(client, root)) {
      const record = toRecord(znode);
      if (record === undefined) continue;
      for (const zxid of [znode.stat.mzxid, znode.stat.pzxid]) if (zxid > lastZxid) lastZxid = zxid;
      znodes += 1;
      if (znodes % PROGRESS_EVERY === 0) request.onProgress?.(`  ${znodes} znodes`);
      yield encodeLine(record);
    }
    yield encodeLine({ end: true, znodes, lastZxid: formatZxid(lastZxid) });
  }
  return writeBackup(
    store,
    {
      kind: 'logical',
      ensemble: request.ensemble,
      payload: Readable.from(lines(), { objectMode: false }),
      describe: () => ({
        zookeeperVersion: request.zookeeperVersion,
        lastZxid: formatZxid(lastZxid),
        znodes,
      }),
    },
    new Date(),
    request.onProgress,
  );
}
