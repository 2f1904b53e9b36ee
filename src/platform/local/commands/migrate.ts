/**
 * `zkop export --servers HOST:PORT,... --to TARGET` and `zkop import (NAME | --servers ...) --from
 * TARGET`: logical backups of any ZooKeeper (3.7-3.9, run by zkop or not), e.g. to move an ensemble
 * another operator runs into one zkop runs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BackupManifest } from '../../../backup/manifest.ts';
import { fetchVerified, findBackup } from '../../shared/backup/fetch-verified.ts';
import { exportLogical } from '../../shared/backup/logical-export.ts';
import { type ImportResult, importLogical } from '../../shared/backup/logical-import.ts';
import { openTarget } from '../../shared/backup/open-target.ts';
import { serverVersion, withSession } from '../../shared/backup/session.ts';
import { withStore } from '../../shared/backup/store-failure.ts';
import { invalidInput } from '../../shared/errors.ts';
import { readEnsemble, superSession } from '../backup/take-backup.ts';

export interface ExportOptions {
  readonly servers: string;
  readonly to: string;
  /** Default `/`. */
  readonly root?: string;
  /** `user:password` for `addauth digest`. */
  readonly digest?: string;
  readonly onProgress?: (message: string) => void;
}

export async function exportZnodes(options: ExportOptions): Promise<BackupManifest> {
  const store = await openTarget(options.to);
  const zookeeperVersion = await serverVersion(options.servers);
  options.onProgress?.(
    `exporting ${options.root ?? '/'} of ${options.servers} (ZooKeeper ${zookeeperVersion}) to ${store.url}`,
  );
  return withStore(() =>
    withSession(
      { servers: options.servers, ...(options.digest ? { digest: options.digest } : {}) },
      (client) =>
        exportLogical(client, store, {
          ensemble: options.servers,
          zookeeperVersion,
          ...(options.root ? { root: options.root } : {}),
          ...(options.onProgress ? { onProgress: options.onProgress } : {}),
        }),
    ),
  );
}

export interface ImportOptions {
  /** A local ensemble (imported as its super user) ... */
  readonly name?: string;
  readonly stateDir: string;
  /** ... or any servers, with `digest` credentials if needed. */
  readonly servers?: string;
  readonly digest?: string;
  readonly from: string;
  readonly backupId?: string;
  readonly replace: boolean;
  readonly onProgress?: (message: string) => void;
}

export async function importZnodes(
  options: ImportOptions,
): Promise<{ backup: BackupManifest; imported: ImportResult }> {
  if ((options.name === undefined) === (options.servers === undefined)) {
    throw invalidInput('import into an ensemble NAME or into --servers HOST:PORT,..., one of the two');
  }
  const target = options.name
    ? superSession(readEnsemble(options.stateDir, options.name))
    : { servers: options.servers as string, ...(options.digest ? { digest: options.digest } : {}) };
  const store = await openTarget(options.from);
  const backup = await withStore(() => findBackup(store, options.backupId));
  if (backup.kind !== 'logical') {
    throw invalidInput(
      `backup ${backup.id} is a snapshot; import reads logical backups (restore a snapshot with zkop restore)`,
    );
  }
  const dir = mkdtempSync(join(tmpdir(), 'zkop-import-'));
  try {
    const file = join(dir, 'znodes.ndjson');
    options.onProgress?.(`downloading ${backup.id} from ${store.url} and checking its SHA-256`);
    await withStore(() => fetchVerified(store, backup, file));
    const imported = await withSession(target, (client) =>
      importLogical(client, file, {
        replace: options.replace,
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      }),
    );
    return { backup, imported };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
