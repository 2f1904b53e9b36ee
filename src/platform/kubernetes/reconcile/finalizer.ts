/**
 * zkop's finalizer on a ZooKeeper object: set while the object lives, so deletion.ts can act on its
 * deletionPolicy before the object goes, and removed once it has. ZooKeeperTenants carry it too
 * (tenants/tenant-finalizer.ts).
 */
import type { KubeApi } from '../client/kube-api.ts';
import { ZOOKEEPERS } from '../client/resources.ts';
import type { LiveZooKeeper } from './context.ts';

export const FINALIZER = 'zookeeper.zkop.dev/cleanup';

/** What a finalizer is set on: a namespaced object as read. */
export interface Finalizable {
  readonly metadata: {
    readonly name: string;
    readonly namespace: string;
    readonly resourceVersion?: string;
    readonly finalizers?: string[];
  };
}

export const hasFinalizer = (object: Finalizable): boolean =>
  (object.metadata.finalizers ?? []).includes(FINALIZER);

/** Its finalizers with zkop's (`keep`) or without, or undefined when they are that already. */
export function finalizersWith(object: Finalizable, keep: boolean): string[] | undefined {
  if (hasFinalizer(object) === keep) return undefined;
  const others = (object.metadata.finalizers ?? []).filter((f) => f !== FINALIZER);
  return keep ? [...others, FINALIZER] : others;
}

/**
 * The merge patch that sets `finalizers`, on the version read, so a finalizer another controller
 * added meanwhile is not lost (a conflict retries).
 */
export const finalizersPatch = (object: Finalizable, finalizers: string[]) =>
  [
    { namespace: object.metadata.namespace, name: object.metadata.name },
    { metadata: { finalizers, resourceVersion: object.metadata.resourceVersion } },
  ] as const;

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

async function setFinalizers(api: KubeApi, zk: LiveZooKeeper, finalizers: string[]): Promise<void> {
  await api.mergePatch(ZOOKEEPERS, ...finalizersPatch(zk, finalizers));
}
