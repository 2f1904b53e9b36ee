/**
 * Heal as the roll bench measures it: each member's pod deleted in turn, followers first and the
 * leader last, as a lost node or an eviction would; the StatefulSet makes a new pod, which rejoins
 * with the member's data. zkop does not take part, but for watching. Asynchronous calls only: the
 * bench's leader sampler runs on the same event loop.
 */
import { execFile } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { kubeconfig, kubectlBin } from '../../test/cluster/cluster.ts';
import { memberPodsQuery, podViews, srvrByPod } from '../../test/e2e/ensemble-probe.ts';

const kubectl = async (...args: string[]): Promise<string> =>
  (await promisify(execFile)(kubectlBin, ['--kubeconfig', kubeconfig, ...args])).stdout;

const pods = async (ns: string, name: string) => podViews(await kubectl(...memberPodsQuery(ns, name)));

const zooKeeperReady = async (ns: string, name: string): Promise<boolean> =>
  (
    await kubectl(
      '-n',
      ns,
      'get',
      'zookeeper',
      name,
      '-o',
      'jsonpath={.status.conditions[?(@.type=="Ready")].status}',
    )
  ).trim() === 'True';

/** Deletes each member's pod in turn and waits, each time, until its new pod is ready and the ensemble too. */
export async function healEachMember(ns: string, name: string, timeoutMs = 300_000): Promise<void> {
  const modes = await srvrByPod(ns, name);
  const order = [...modes.keys()].sort(
    (a, b) =>
      Number(modes.get(a)?.mode === 'leader') - Number(modes.get(b)?.mode === 'leader') || a.localeCompare(b),
  );
  for (const pod of order) {
    const before = (await pods(ns, name)).get(pod)?.uid;
    await kubectl('-n', ns, 'delete', 'pod', pod, '--wait=false');
    const until = Date.now() + timeoutMs;
    for (;;) {
      const now = (await pods(ns, name)).get(pod);
      if (now && now.uid !== before && now.ready && (await zooKeeperReady(ns, name))) break;
      if (Date.now() > until) throw new Error(`${ns}/${pod} did not come back within ${timeoutMs / 1000} s`);
      await sleep(250);
    }
  }
}
