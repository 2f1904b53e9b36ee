/**
 * The manifest `zkop up -f` names, read and validated. At most one byte more than a manifest may
 * have is read, so a huge file or an endless stream (`-f /dev/zero`) is refused without filling
 * memory first.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { loadManifest, MAX_MANIFEST_BYTES } from '../../../api/manifest.ts';
import type { ZooKeeperSpec } from '../../../api/spec.ts';
import type { ZooKeeperTenant } from '../../../api/tenant.ts';
import { invalidInput } from '../../shared/errors.ts';

function readBounded(path: string): string {
  const buffer = Buffer.alloc(MAX_MANIFEST_BYTES + 1);
  const fd = openSync(path, 'r');
  try {
    let length = 0;
    while (length < buffer.length) {
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
    }
    return buffer.toString('utf8', 0, length);
  } finally {
    closeSync(fd);
  }
}

export interface LocalManifest {
  readonly name: string;
  readonly spec: ZooKeeperSpec;
  readonly tenants: readonly ZooKeeperTenant[];
}

export function readManifest(path: string): LocalManifest {
  let text: string;
  try {
    text = readBounded(path);
  } catch (error) {
    throw invalidInput(
      `cannot read the manifest ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  const loaded = loadManifest(text, path);
  if (!loaded.ok) {
    const lines = loaded.errors.map((e) => `  ${e.path || '(manifest)'}: ${e.message}`).join('\n');
    throw invalidInput(`${path} is not a valid ZooKeeper manifest; nothing was started:`, lines);
  }
  return { name: loaded.value.metadata.name, spec: loaded.value.spec, tenants: loaded.tenants };
}
