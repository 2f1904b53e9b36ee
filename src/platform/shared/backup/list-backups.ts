/** The complete backups in a store, oldest first, and what is there but not complete. */
import { idsWithManifest, manifestKey } from '../../../backup/layout.ts';
import { incompleteBecause } from '../../../backup/listing.ts';
import { type BackupManifest, parseManifest } from '../../../backup/manifest.ts';
import type { BackupStore } from '../../../backup-store/store.ts';

export interface BackupListing {
  readonly complete: readonly BackupManifest[];
  /** Folders with a manifest that does not check out, and why. */
  readonly incomplete: readonly { readonly id: string; readonly why: string }[];
}

export async function readText(store: BackupStore, key: string): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of await store.get(key)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function listBackups(store: BackupStore): Promise<BackupListing> {
  const objects = await store.list();
  const sizes = new Map(objects.map((o) => [o.key, o.size]));
  const complete: BackupManifest[] = [];
  const incomplete: { id: string; why: string }[] = [];
  for (const id of idsWithManifest(objects.map((o) => o.key))) {
    let manifest: BackupManifest;
    try {
      manifest = parseManifest(await readText(store, manifestKey(id)));
    } catch (error) {
      incomplete.push({ id, why: `its manifest is unreadable: ${(error as Error).message}` });
      continue;
    }
    const why = incompleteBecause(id, manifest, sizes.get(`${id}/${manifest.payload}`));
    if (why === undefined) complete.push(manifest);
    else incomplete.push({ id, why });
  }
  return { complete, incomplete };
}
