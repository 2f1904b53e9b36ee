/** Manifest builders for the api tests. */
import { API_VERSION, KIND, type ZooKeeper, type ZooKeeperSpec } from '../spec.ts';
import { TENANT_KIND, type ZooKeeperTenant, type ZooKeeperTenantSpec } from '../tenant.ts';

/** A ZooKeeper object named `name` with version 3.9.4 and the given spec fields. */
export function zookeeper(
  spec: Partial<ZooKeeperSpec> | Record<string, unknown> = {},
  name = 'zk',
): ZooKeeper {
  return {
    apiVersion: API_VERSION,
    kind: KIND,
    metadata: { name },
    spec: { version: '3.9.4', ...spec } as ZooKeeperSpec,
  };
}

/** A ZooKeeperTenant named `name` of ensemble `zk` at `/<name>`, with the given spec fields. */
export function tenant(
  name: string,
  spec: Partial<ZooKeeperTenantSpec> | Record<string, unknown> = {},
): ZooKeeperTenant {
  return {
    apiVersion: API_VERSION,
    kind: TENANT_KIND,
    metadata: { name },
    spec: { ensemble: 'zk', path: `/${name}`, ...spec } as ZooKeeperTenantSpec,
  };
}
