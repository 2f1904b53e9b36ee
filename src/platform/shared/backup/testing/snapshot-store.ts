/** A directory store under `root` holding one native backup of `version` (last zxid 0x30000002a), for tests. */
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { BackupManifest } from '../../../../backup/manifest.ts';
import { DirectoryStore } from '../../../../backup-store/directory-store.ts';
import { writeBackup } from '../write-backup.ts';

export async function storeWithSnapshot(
  root: string,
  version = '3.9.4',
): Promise<{ store: DirectoryStore; manifest: BackupManifest }> {
  const store = new DirectoryStore(join(root, `store-${Math.random()}`));
  const manifest = await writeBackup(
    store,
    {
      kind: 'native',
      ensemble: 'zk',
      payload: Readable.from([Buffer.from('the snapshot bytes')]),
      describe: () => ({ zookeeperVersion: version, lastZxid: '0x30000002a' }),
    },
    new Date('2026-12-07T12:00:00Z'),
  );
  return { store, manifest };
}
