/** One tenant as zkop carries it out on either platform: its path, SASL user and password, quota and deletion policy. */
import { type TenantDeletionPolicy, tenantUser, type ZooKeeperTenant } from '../../../api/tenant.ts';
import type { HardQuota } from '../../../config/quota.ts';

export interface TenantRecord {
  readonly name: string;
  readonly path: string;
  readonly user: string;
  readonly password: string;
  readonly quota?: HardQuota;
  readonly deletionPolicy: TenantDeletionPolicy;
}

/** A tenant object's record with its password. */
export const tenantRecord = (tenant: ZooKeeperTenant, password: string): TenantRecord => ({
  name: tenant.metadata.name,
  path: tenant.spec.path,
  user: tenantUser(tenant),
  password,
  ...(tenant.spec.quota === undefined ? {} : { quota: tenant.spec.quota }),
  deletionPolicy: tenant.spec.deletionPolicy ?? 'Retain',
});
