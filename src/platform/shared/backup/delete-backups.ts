/** Deleting backups: the manifest first, so a backup half deleted is no longer listed, then the rest of its folder. */
import { manifestKey } from '../../../backup/layout.ts';
import type { BackupStore } from '../../../backup-store/store.ts';

export async function deleteBackups(store: BackupStore, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  for (const id of ids) await store.delete(manifestKey(id));
  const doomed = new Set(ids);
  for (const object of await store.list()) {
    if (doomed.has(object.key.split('/')[0] ?? '')) await store.delete(object.key);
  }
}
