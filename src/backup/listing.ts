/** Which backups in a target count as complete: a manifest that parses, names its own folder, and a payload of its size. */
import type { BackupManifest } from './manifest.ts';

export interface ListedBackup {
  readonly manifest: BackupManifest;
}

/** Why the backup in folder `id` is not complete, or undefined when it is. */
export function incompleteBecause(
  id: string,
  manifest: BackupManifest,
  payloadSize: number | undefined,
): string | undefined {
  if (manifest.id !== id) return `its manifest names backup '${manifest.id}'`;
  if (payloadSize === undefined) return `its payload ${manifest.payload} is missing`;
  if (payloadSize !== manifest.size) {
    return `its payload has ${payloadSize} bytes, the manifest says ${manifest.size}`;
  }
  return undefined;
}
