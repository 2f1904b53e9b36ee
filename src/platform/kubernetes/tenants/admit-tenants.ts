/**
 * Which tenants of an ensemble the operator carries out, and why it refuses the others: what one
 * tenant object cannot say (tenant-conflicts.ts: paths that overlap, two tenants with one user) and
 * what the ensemble lacks (client SASL, which a tenant's identity needs). Pure.
 */
import { tenantConflicts } from '../../../api/tenant-conflicts.ts';
import type { LiveTenant } from './live-tenant.ts';

export interface TenantRefusal {
  readonly tenant: LiveTenant;
  /** CamelCase: the Ready condition's reason and the Event's. */
  readonly reason: string;
  readonly message: string;
}

export interface AdmittedTenants {
  readonly admitted: readonly LiveTenant[];
  readonly refused: readonly TenantRefusal[];
  /** Being deleted: out of the JAAS file, their path removed with `deletionPolicy: Delete`. */
  readonly leaving: readonly LiveTenant[];
}

/** `tenants` are the ensemble's, oldest first (tenantsOf): of two that conflict, the later is refused. */
export function admitTenants(
  ensemble: string,
  clientSasl: boolean,
  tenants: readonly LiveTenant[],
): AdmittedTenants {
  const admitted: LiveTenant[] = [];
  const refused: TenantRefusal[] = [];
  const leaving = tenants.filter((t) => t.metadata.deletionTimestamp);
  for (const tenant of tenants.filter((t) => !t.metadata.deletionTimestamp)) {
    if (!clientSasl) {
      refused.push({
        tenant,
        reason: 'ClientSaslOff',
        message: `ZooKeeper ${ensemble} does not authenticate clients: a tenant's identity is a SASL user, set spec.auth.client.sasl: true when creating the ensemble`,
      });
      continue;
    }
    const conflicts = tenantConflicts(ensemble, [...admitted, tenant]);
    if (conflicts.length > 0) {
      refused.push({
        tenant,
        reason: 'TenantConflict',
        message: conflicts.map((c) => `${c.path}: ${c.message}`).join('; '),
      });
      continue;
    }
    admitted.push(tenant);
  }
  return { admitted, refused, leaving };
}
