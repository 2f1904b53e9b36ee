/** Manifest builders for the api tests. */
import { API_VERSION, KIND, type ZooKeeper, type ZooKeeperSpec } from '../spec.ts';

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
