/**
 * A tenant's znodes, converged by zkop's super user (ZooKeeper's superUser passes every ACL): the
 * path, with the ACL `sasl:<user>:cdrwa` and nothing else; missing parents created read-only for
 * everyone (only the super user writes there); the hard quota under `/zookeeper/quota<path>`, readable
 * by everyone and writable by the super user only, so a tenant cannot lift its own (nor, with
 * `/zookeeper/quota` itself read-only, set one on another's path). Every call puts
 * back what someone changed. Removing a tenant's path removes its subtree and its quota znodes.
 */

import { QUOTA_ROOT, QUOTA_STATS_TEXT, quotaLimitsText, quotaPaths } from '../../../config/quota.ts';
import { READ_ACL_UNSAFE } from '../../../zk/acl.ts';
import type { ZkClient } from '../../../zk/client.ts';
import { ZkError } from '../../../zk/errors.ts';
import { Perms } from '../../../zk/jute/protocol-constants.ts';
import type { Acl } from '../../../zk/jute/records.ts';
import { createAncestors, deleteTree } from '../../../zk/znode-tree.ts';
import type { TenantRecord } from './tenant-record.ts';

export const tenantAcl = (user: string): Acl[] => [{ perms: Perms.all, id: { scheme: 'sasl', id: user } }];

const sameAcl = (a: readonly Acl[], b: readonly Acl[]) =>
  JSON.stringify(a.map((x) => [x.perms, x.id.scheme, x.id.id]).sort()) ===
  JSON.stringify(b.map((x) => [x.perms, x.id.scheme, x.id.id]).sort());

/** Creates `path` with `acl` (its missing parents read-only), or gives the existing one `acl`; true when it changed anything. */
async function ensureZnode(client: ZkClient, path: string, acl: readonly Acl[], data = ''): Promise<boolean> {
  await createAncestors(client, path, READ_ACL_UNSAFE);
  try {
    await client.create(path, { acl, data });
    return true;
  } catch (error) {
    if (!(error instanceof ZkError && error.code === 'NODEEXISTS')) throw error;
  }
  if (sameAcl((await client.getACL(path)).acl, acl)) return false;
  await client.setACL(path, acl);
  return true;
}

async function ensureQuota(client: ZkClient, tenant: TenantRecord): Promise<boolean> {
  const paths = quotaPaths(tenant.path);
  if (tenant.quota === undefined) return (await deleteTree(client, paths.node)) > 0;
  const text = quotaLimitsText(tenant.quota);
  let changed = await ensureZnode(client, paths.limits, READ_ACL_UNSAFE, text);
  // ZooKeeper counts the subtree when the stats znode is created, after the limits.
  changed = (await ensureZnode(client, paths.stats, READ_ACL_UNSAFE, QUOTA_STATS_TEXT)) || changed;
  if ((await client.getData(paths.limits)).data.toString('utf8') !== text) {
    await client.setData(paths.limits, text);
    changed = true;
  }
  return changed;
}

/**
 * `/zookeeper/quota` (ZooKeeper's, open to everyone by default) made read-only for everyone but the
 * super user, so that no tenant can set a quota on another tenant's path.
 */
export const lockQuotaRoot = (client: ZkClient): Promise<boolean> =>
  ensureZnode(client, QUOTA_ROOT, READ_ACL_UNSAFE);

/** Converges one tenant's path, ACL and quota; true when something had to change. */
export async function convergeTenantZnodes(client: ZkClient, tenant: TenantRecord): Promise<boolean> {
  const path = await ensureZnode(client, tenant.path, tenantAcl(tenant.user));
  const quota = await ensureQuota(client, tenant);
  return path || quota;
}

/** Removes a tenant's path with everything below it, and its quota znodes; returns the znodes removed. */
export async function deleteTenantZnodes(
  client: ZkClient,
  tenant: Pick<TenantRecord, 'path'>,
): Promise<number> {
  const removed = await deleteTree(client, tenant.path);
  await deleteTree(client, quotaPaths(tenant.path).node);
  return removed;
}
