/**
 * What one tenant object cannot say about the others, checked across the tenants of an ensemble: two
 * paths that overlap (one inside the other, or the same), two tenants with the same user, a tenant of
 * an ensemble that is not there. The same checks serve `zkop up` (a manifest) and the operator.
 */
import type { FieldError } from './field-error.ts';
import { tenantUser, type ZooKeeperTenant } from './tenant.ts';

/** One path is the other or inside it. */
export const pathsOverlap = (a: string, b: string): boolean =>
  a === b || a.startsWith(`${b}/`) || b.startsWith(`${a}/`);

const at = (tenant: ZooKeeperTenant, field: string): string =>
  `ZooKeeperTenant ${tenant.metadata.name}: ${field}`;

/**
 * Problems of `tenants` as tenants of the ensemble `ensemble` (undefined when there is none): each is
 * reported at the later of two tenants in the list.
 */
export function tenantConflicts(
  ensemble: string | undefined,
  tenants: readonly ZooKeeperTenant[],
): FieldError[] {
  const errors: FieldError[] = [];
  tenants.forEach((tenant, i) => {
    const earlier = tenants.slice(0, i);
    if (ensemble === undefined || tenant.spec.ensemble !== ensemble) {
      const there = ensemble === undefined ? 'there is none' : `the ensemble here is ${ensemble}`;
      errors.push({
        path: at(tenant, 'spec.ensemble'),
        message: `names the ensemble ${tenant.spec.ensemble}, but ${there}`,
      });
    }
    const sameName = earlier.find((t) => t.metadata.name === tenant.metadata.name);
    if (sameName) errors.push({ path: at(tenant, 'metadata.name'), message: 'is given to two tenants' });
    const overlapping = earlier.find((t) => pathsOverlap(t.spec.path, tenant.spec.path));
    if (overlapping) {
      errors.push({
        path: at(tenant, 'spec.path'),
        message: `${tenant.spec.path} overlaps ${overlapping.spec.path} of tenant ${overlapping.metadata.name}: each tenant owns a subtree of its own`,
      });
    }
    const sameUser = earlier.find((t) => tenantUser(t) === tenantUser(tenant));
    if (sameUser) {
      errors.push({
        path: at(tenant, tenant.spec.user === undefined ? 'metadata.name' : 'spec.user'),
        message: `user ${tenantUser(tenant)} is already tenant ${sameUser.metadata.name}'s: each tenant has a user of its own`,
      });
    }
  });
  return errors;
}
