/**
 * Reading a subtree znode by znode, parents before children (level by level, many requests in flight).
 * A znode that vanishes while the walk runs is left out with its subtree; `/zookeeper` (ZooKeeper's own
 * config and quotas, not user data) is never entered.
 */
import type { ZkClient } from './client.ts';
import { ZkError } from './errors.ts';
import type { Acl, Stat } from './jute/records.ts';

export interface WalkedZnode {
  readonly path: string;
  readonly data: Buffer;
  readonly acl: readonly Acl[];
  readonly stat: Stat;
}

const SYSTEM_TREE = '/zookeeper';
const BATCH = 256;

const childPath = (parent: string, child: string) => (parent === '/' ? `/${child}` : `${parent}/${child}`);
const vanished = (error: unknown) => error instanceof ZkError && error.code === 'NONODE';

async function readZnode(
  client: ZkClient,
  path: string,
): Promise<{ znode: WalkedZnode; children: string[] } | undefined> {
  try {
    const [{ data, stat }, { acl }, { children }] = await Promise.all([
      client.getData(path),
      client.getACL(path),
      client.getChildren(path),
    ]);
    return { znode: { path, data, acl, stat }, children: children.sort() };
  } catch (error) {
    if (vanished(error)) return undefined;
    throw error;
  }
}

/**
 * Yields `root` and every znode below it, parents first. `/` itself is not yielded (every ensemble has
 * it, and its ACL guards the ensemble's administration); its children are.
 */
export async function* walkTree(client: ZkClient, root: string): AsyncGenerator<WalkedZnode> {
  await client.sync(root);
  let level: string[];
  if (root === '/') {
    const { children } = await client.getChildren('/');
    level = children
      .sort()
      .map((c) => childPath('/', c))
      .filter((p) => p !== SYSTEM_TREE);
  } else {
    level = [root];
  }
  while (level.length > 0) {
    const next: string[] = [];
    for (let i = 0; i < level.length; i += BATCH) {
      const read = await Promise.all(level.slice(i, i + BATCH).map((path) => readZnode(client, path)));
      for (const found of read) {
        if (found === undefined) continue;
        yield found.znode;
        for (const child of found.children) next.push(childPath(found.znode.path, child));
      }
    }
    level = next;
  }
}
