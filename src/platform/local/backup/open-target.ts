/** Opening the target a user names; S3 takes its endpoint, region and credentials from the standard AWS variables. */
import { parseTargetUrl } from '../../../backup/target-url.ts';
import { openStore } from '../../../backup-store/open-store.ts';
import { S3Store, s3SettingsFromEnvironment } from '../../../backup-store/s3-store.ts';
import type { BackupStore } from '../../../backup-store/store.ts';
import { withStore } from '../../shared/backup/store-failure.ts';
import { invalidInput } from '../../shared/errors.ts';

export async function openTarget(text: string): Promise<BackupStore> {
  let store: BackupStore;
  try {
    store = openStore(parseTargetUrl(text), s3SettingsFromEnvironment(process.env));
  } catch (error) {
    throw invalidInput((error as Error).message);
  }
  if (store instanceof S3Store) await withStore(() => store.check());
  return store;
}
