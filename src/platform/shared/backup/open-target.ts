/** Opening the target a user names; S3 takes its endpoint, region and credentials from the standard AWS variables. */
import { parseTargetUrl, type TargetUrl } from '../../../backup/target-url.ts';
import { openStore } from '../../../backup-store/open-store.ts';
import { s3SettingsFromEnvironment } from '../../../backup-store/s3-settings.ts';
import type { BackupStore } from '../../../backup-store/store.ts';
import { withStore } from '../../shared/backup/store-failure.ts';
import { invalidInput } from '../../shared/errors.ts';

export async function openTarget(text: string): Promise<BackupStore> {
  let target: TargetUrl;
  try {
    target = parseTargetUrl(text);
  } catch (error) {
    throw invalidInput((error as Error).message);
  }
  return withStore(() => openStore(target, s3SettingsFromEnvironment(process.env)));
}
