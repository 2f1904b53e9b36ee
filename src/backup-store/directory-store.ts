/**
 * Backups in a local directory: each object is written to a temporary name, synced, and renamed into
 * place, so a reader sees a whole object or none.
 */
import { createReadStream, createWriteStream, type Stats } from 'node:fs';
import { mkdir, open, readdir, rename, rm, rmdir, stat } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type BackupStore, type StoredObject, StoreError } from './store.ts';

const PARTIAL = '.partial-';

function fsError(error: unknown, what: string): StoreError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new StoreError('not-found', `${what}: no such file`, error);
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return new StoreError('denied', `${what}: not allowed (${code}); is the directory writable?`, error);
  }
  return new StoreError('io', `${what}: ${(error as Error).message}`, error);
}

async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export class DirectoryStore implements BackupStore {
  readonly url: string;
  private readonly root: string;

  constructor(root: string) {
    this.root = root;
    this.url = root;
  }

  private pathOf(key: string): string {
    const path = join(this.root, key);
    if (!path.startsWith(`${this.root}${sep}`))
      throw new StoreError('io', `'${key}' is outside ${this.root}`);
    return path;
  }

  async put(key: string, body: Readable | Buffer): Promise<void> {
    const path = this.pathOf(key);
    const partial = `${path}${PARTIAL}${process.pid}`;
    try {
      await mkdir(dirname(path), { recursive: true });
      await pipeline(Buffer.isBuffer(body) ? Readable.from([body]) : body, createWriteStream(partial));
      const handle = await open(partial, 'r');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(partial, path);
      await syncDir(dirname(path));
    } catch (error) {
      await rm(partial, { force: true });
      throw error instanceof StoreError ? error : fsError(error, `writing ${path}`);
    }
  }

  async get(key: string): Promise<Readable> {
    const path = this.pathOf(key);
    try {
      await stat(path);
    } catch (error) {
      throw fsError(error, path);
    }
    return createReadStream(path);
  }

  async list(): Promise<StoredObject[]> {
    const objects: StoredObject[] = [];
    const walk = async (dir: string): Promise<void> => {
      for (const entry of await readdir(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) await walk(path);
        else if (entry.isFile() && !entry.name.includes(PARTIAL)) {
          const info: Stats = await stat(path);
          objects.push({ key: relative(this.root, path).split(sep).join('/'), size: info.size });
        }
      }
    };
    try {
      await walk(this.root);
    } catch (error) {
      // Like an S3 prefix nothing was written under: a directory not made yet holds no backups.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' && objects.length === 0) return [];
      throw fsError(error, `listing ${this.root}`);
    }
    return objects.sort((a, b) => a.key.localeCompare(b.key));
  }

  async delete(key: string): Promise<void> {
    const path = this.pathOf(key);
    await rm(path, { force: true });
    const folder = dirname(path);
    // The backup's folder goes with its last file.
    if (folder !== this.root) await rmdir(folder).catch(() => undefined);
  }
}
