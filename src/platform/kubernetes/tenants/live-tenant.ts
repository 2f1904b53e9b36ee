/** A ZooKeeperTenant as the API server sends it. */
import type { ZooKeeperTenant } from '../../../api/tenant.ts';

export type LiveTenant = ZooKeeperTenant & {
  readonly metadata: ZooKeeperTenant['metadata'] & {
    readonly namespace: string;
    readonly uid: string;
    readonly resourceVersion?: string;
    readonly generation?: number;
    readonly creationTimestamp?: Date;
    readonly finalizers?: string[];
    readonly deletionTimestamp?: Date;
  };
};

/** The tenants of ensemble `name` in `namespace`, oldest first (ties by name): the later of two is the one refused. */
export function tenantsOf(all: readonly LiveTenant[], name: string): LiveTenant[] {
  const created = (t: LiveTenant) => new Date(t.metadata.creationTimestamp ?? 0).getTime();
  return all
    .filter((t) => t.spec.ensemble === name)
    .sort((a, b) => created(a) - created(b) || a.metadata.name.localeCompare(b.metadata.name));
}
