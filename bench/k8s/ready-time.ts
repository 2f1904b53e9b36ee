/** Apply -> Ready time of a new ensemble, reconciled by the in-cluster operator. */
import { setTimeout as sleep } from 'node:timers/promises';
import { kubectl } from '../../test/cluster/cluster.ts';
import { applyZooKeeper, conditionOf, getZooKeeper } from '../../test/e2e/operator-install.ts';

export const SMALL_RESOURCES = {
  requests: { cpu: '100m', memory: '256Mi' },
  limits: { memory: '512Mi' },
};

export const smallSpec = (replicas: number, extra: Record<string, unknown> = {}) => ({
  version: '3.9.4',
  replicas,
  resources: SMALL_RESOURCES,
  jvm: { heap: '256Mi' },
  storage: { size: '1Gi' },
  ...extra,
});

const POLL_MS = 250;

/** Seconds from the apply until the current generation reports Ready with every member serving. */
export async function applyToReady(
  namespace: string,
  name: string,
  replicas: number,
  timeoutMs = 600_000,
  extra: Record<string, unknown> = {},
): Promise<number> {
  const start = performance.now();
  applyZooKeeper(namespace, name, smallSpec(replicas, extra));
  for (;;) {
    const zk = getZooKeeper(namespace, name);
    const ready = conditionOf(zk, 'Ready')?.status === 'True';
    if (ready && zk?.status?.observedGeneration === zk?.metadata.generation) {
      return (performance.now() - start) / 1000;
    }
    if (performance.now() - start > timeoutMs) {
      throw new Error(
        `${namespace}/${name} not Ready after ${timeoutMs / 1000}s: ${JSON.stringify(zk?.status)}`,
      );
    }
    await sleep(POLL_MS);
  }
}

/** Deletes the ensemble and waits until its pods and volume claims are gone. */
export async function deleteEnsemble(namespace: string, name: string): Promise<void> {
  kubectl(
    ['-n', namespace, 'delete', 'zookeeper', name, '--wait=true', '--timeout=300s'],
    undefined,
    320_000,
  );
  const selector = `app.kubernetes.io/instance=${name}`;
  for (let i = 0; i < 300; i++) {
    const left = kubectl(['-n', namespace, 'get', 'pods,pvc', '-l', selector, '-o', 'name']);
    if (left.code === 0 && left.stdout.trim() === '') return;
    await sleep(1000);
  }
  throw new Error(`pods or claims of ${namespace}/${name} still there after 300s`);
}
