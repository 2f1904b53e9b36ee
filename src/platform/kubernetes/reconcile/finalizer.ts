/**
 * zkop's finalizer on a ZooKeeper object: set while the object lives, so deletion.ts can act on its
 * deletionPolicy before the object goes, and removed once it has.
 */
import type { KubeApi } from '../client/kube-api.ts';
import { ZOOKEEPERS } from '../client/resources.ts';
import type { LiveZooKeeper } from './context.ts';

export const FINALIZER = 'zookeeper.zkop.dev/cleanup';

export const hasFinalizer = (zk: LiveZooKeeper): boolean =>
  (zk.metadata.finalizers ?? []).includes(FINALIZER);

/** Adds zkop's finalizer when it is missing, no call when it is there; what it did. */
export async function keepFinalizer(api: KubeApi, zk: LiveZooKeeper): Promise<readonly string[]> {
  if (hasFinalizer(zk)) return [];
  await setFinalizers(api, zk, [...(zk.metadata.finalizers ?? []), FINALIZER]);
  return ['set finalizer'];
}

/** Removes zkop's finalizer, which lets the API server delete the object. */
export async function releaseFinalizer(api: KubeApi, zk: LiveZooKeeper): Promise<void> {
  await setFinalizers(
    api,
    zk,
    (zk.metadata.finalizers ?? []).filter((f) => f !== FINALIZER),
  );
}

/** On the version read, so a finalizer another controller added meanwhile is not lost (a conflict retries). */
async function setFinalizers(api: KubeApi, zk: LiveZooKeeper, finalizers: string[]): Promise<void> {
  await api.mergePatch(
    ZOOKEEPERS,
    { namespace: zk.metadata.namespace, name: zk.metadata.name },
    { metadata: { finalizers, resourceVersion: zk.metadata.resourceVersion } },
  );
}
