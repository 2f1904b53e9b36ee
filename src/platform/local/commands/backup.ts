/** `zkop backup NAME --to TARGET [--logical]` and `zkop backup list --from TARGET`. */
import { type BackupListing, listBackups } from '../../shared/backup/list-backups.ts';
import { openTarget } from '../../shared/backup/open-target.ts';
import { withStore } from '../../shared/backup/store-failure.ts';

export { type BackupOptions, backup } from '../backup/take-backup.ts';

export async function listBackupsIn(from: string): Promise<BackupListing> {
  const store = await openTarget(from);
  return withStore(() => listBackups(store));
}
