/**
 * Making and removing whole paths: the ancestors of a znode that are missing, and a subtree (children
 * first). Each is safe to repeat: a znode another session made or removed meanwhile is taken as done.
 */
import { OPEN_ACL_UNSAFE } from './acl.ts';
import type { ZkClient } from './client.ts';
import { ZkError } from './errors.ts';
import type { Acl } from './jute/records.ts';
import { walkTree } from './tree-walk.ts';

const isCode = (error: unknown, code: string) => error instanceof ZkError && error.code === code;

/** `/a/b/c` -> `/a`, `/a/b`. */
export const ancestorsOf = (path: string): string[] => {
  const parts = path.split('/').filter((p) => p !== '');
  return parts.slice(0, -1).map((_, i) => `/${parts.slice(0, i + 1).join('/')}`);
};

/** Creates the missing ancestors of `path`, empty, with `acl`; existing ones are left as they are. */
export async function createAncestors(
  client: ZkClient,
  path: string,
  acl: readonly Acl[] = OPEN_ACL_UNSAFE,
): Promise<void> {
  for (const ancestor of ancestorsOf(path)) {
    try {
      await client.create(ancestor, { acl });
    } catch (error) {
      if (!isCode(error, 'NODEEXISTS')) throw error;
    }
  }
}

/** Removes `root` and everything below it; returns how many znodes were removed. */
export async function deleteTree(client: ZkClient, root: string): Promise<number> {
  const paths: string[] = [];
  for await (const znode of walkTree(client, root)) paths.push(znode.path);
  let deleted = 0;
  for (const path of paths.reverse()) {
    try {
      await client.delete(path);
      deleted += 1;
    } catch (error) {
      if (!isCode(error, 'NONODE')) throw error;
    }
  }
  return deleted;
}
