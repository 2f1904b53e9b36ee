/** Building blocks of the rendering tests. */
import type { KubernetesObject, V1StatefulSet } from '@kubernetes/client-node';
import type { ZooKeeperSpec } from '../../../../api/spec.ts';
import type { ZooKeeperObject } from '../context.ts';
import { asStored, TEST_UID } from './testdata-cases.ts';

export { TEST_UID };

/** A stored ZooKeeper object named `zk` in namespace `demo`, version 3.9.4 plus the given spec fields. */
export function storedZooKeeper(spec: Partial<ZooKeeperSpec> = {}, name = 'zk'): ZooKeeperObject {
  return asStored({
    apiVersion: 'zookeeper.zkop.dev/v1alpha1',
    kind: 'ZooKeeper',
    metadata: { name },
    spec: { version: '3.9.4', ...spec },
  });
}

export function findObject<T extends KubernetesObject>(
  objects: readonly KubernetesObject[],
  kind: string,
  name?: string,
): T {
  const found = objects.find((o) => o.kind === kind && (name === undefined || o.metadata?.name === name));
  if (!found) throw new Error(`no ${kind}${name ? ` ${name}` : ''} among the rendered objects`);
  return found as T;
}

export function podSpecOf(objects: readonly KubernetesObject[]) {
  const spec = findObject<V1StatefulSet>(objects, 'StatefulSet').spec?.template.spec;
  if (!spec) throw new Error('the StatefulSet has no pod spec');
  return spec;
}
