/**
 * The ZooKeeper an object belongs to, so a change to a StatefulSet, Pod, PVC or ConfigMap requeues
 * its ensemble: by a controller owner reference to a ZooKeeper, else by the instance label zkop puts on
 * pods and volume claims (pods are owned by the StatefulSet, claims by nothing).
 */
import type { KubernetesObject } from '@kubernetes/client-node';
import { GROUP, KIND } from '../../../api/spec.ts';

export function zooKeeperKeyOf(object: KubernetesObject): string | undefined {
  const meta = object.metadata;
  if (!meta?.namespace) return undefined;
  const owner = meta.ownerReferences?.find((r) => r.kind === KIND && r.apiVersion.startsWith(`${GROUP}/`));
  if (owner) return `${meta.namespace}/${owner.name}`;
  const labels = meta.labels ?? {};
  const instance = labels['app.kubernetes.io/instance'];
  if (labels['app.kubernetes.io/name'] === 'zookeeper' && instance) return `${meta.namespace}/${instance}`;
  return undefined;
}
