/**
 * Which tenants a local ensemble carries after `zkop up` applies a manifest, as state.json keeps them:
 * each tenant's user and the password zkop made for it once (kept while the tenant stays), its path,
 * quota and deletion policy. A tenant that left the manifest is forgotten (its user leaves the JAAS
 * file) and, with `deletionPolicy: Delete`, its path waits in `toDelete` until zkop has removed it.
 * Pure: the password source is given.
 */
import type { ZooKeeperTenant } from '../../../api/tenant.ts';
import { pathsOverlap } from '../../../api/tenant-conflicts.ts';
import { type TenantRecord, tenantRecord } from '../../shared/tenants/tenant-record.ts';

export type { TenantRecord } from '../../shared/tenants/tenant-record.ts';

export interface TenantPlan {
  /** By tenant name, in the manifest's order. */
  readonly tenants: Readonly<Record<string, TenantRecord>>;
  /** Tenants removed with `deletionPolicy: Delete` whose path zkop still has to remove. */
  readonly toDelete: readonly TenantRecord[];
}

export const NO_TENANTS: TenantPlan = { tenants: {}, toDelete: [] };

/** Throws when a kept tenant's path changed: the path is the tenant's identity (as on Kubernetes). */
export function planTenants(
  previous: TenantPlan,
  manifest: readonly ZooKeeperTenant[],
  newPassword: () => string,
): TenantPlan {
  const tenants: Record<string, TenantRecord> = {};
  for (const tenant of manifest) {
    const name = tenant.metadata.name;
    const before = previous.tenants[name];
    if (before !== undefined && before.path !== tenant.spec.path) {
      throw new Error(
        `ZooKeeperTenant ${name}: spec.path cannot change (${before.path} -> ${tenant.spec.path}); remove the tenant and add a new one`,
      );
    }
    tenants[name] = tenantRecord(tenant, before?.password ?? newPassword());
  }
  const removed = Object.values(previous.tenants).filter((t) => tenants[t.name] === undefined);
  const wanted = Object.values(tenants);
  // A path a tenant (new or kept) owns again is never deleted.
  const toDelete = [...previous.toDelete, ...removed.filter((t) => t.deletionPolicy === 'Delete')].filter(
    (gone) => !wanted.some((t) => pathsOverlap(t.path, gone.path)),
  );
  return { tenants, toDelete };
}
