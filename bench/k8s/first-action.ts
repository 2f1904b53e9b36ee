/**
 * Spec change -> the operator's first action: the time between the API server publishing a new
 * generation of the ZooKeeper object and the first change of its StatefulSet, both seen by watches
 * of this process (so the watches' own delay is on both sides). The change is a pod annotation in the
 * spec, which zkop carries to the StatefulSet's template without restarting members.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { kubeconfig, kubectlBin, kubectlOk } from '../../test/cluster/cluster.ts';

interface WatchLine {
  readonly at: number;
  readonly type: string;
  readonly value: string;
}

/** A watch of one object; each event as its arrival time, type and `field` (a jsonpath). */
function watch(namespace: string, resource: string, field: string) {
  const child: ChildProcess = spawn(
    kubectlBin,
    [
      '--kubeconfig',
      kubeconfig,
      '-n',
      namespace,
      'get',
      resource,
      '-w',
      '--output-watch-events',
      '-o',
      `jsonpath={.type} {${field}}{"\\n"}`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const lines: WatchLine[] = [];
  const waiters: (() => void)[] = [];
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
    const [type = '', value = ''] = line.trim().split(' ');
    lines.push({ at: performance.now(), type, value });
    for (const wake of waiters.splice(0)) wake();
  });
  const next = (match: (l: WatchLine) => boolean, timeoutMs: number, what: string) =>
    new Promise<WatchLine>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${what} within ${timeoutMs / 1000}s`)), timeoutMs);
      const check = () => {
        const found = lines.find(match);
        if (found) {
          clearTimeout(timer);
          resolve(found);
        } else waiters.push(check);
      };
      check();
    });
  return { next, stop: () => child.kill() };
}

/** Milliseconds from the new generation to the StatefulSet's first change after it. */
export async function specChangeToFirstAction(namespace: string, name: string, nth: number): Promise<number> {
  const zk = watch(namespace, `zookeeper/${name}`, '.object.metadata.generation');
  const sts = watch(namespace, `statefulset/${name}`, '.object.metadata.resourceVersion');
  try {
    const initial = await zk.next((l) => l.type === 'ADDED', 30_000, 'initial ZooKeeper event');
    await sts.next((l) => l.type === 'ADDED', 30_000, 'initial StatefulSet event');
    kubectlOk([
      '-n',
      namespace,
      'patch',
      'zookeeper',
      name,
      '--type=merge',
      '-p',
      JSON.stringify({ spec: { pod: { annotations: { 'bench.zkop.dev/touch': String(nth) } } } }),
    ]);
    const changed = await zk.next(
      (l) => l.type === 'MODIFIED' && Number(l.value) > Number(initial.value),
      30_000,
      'new generation',
    );
    const acted = await sts.next((l) => l.type === 'MODIFIED', 30_000, 'StatefulSet change');
    return acted.at - changed.at;
  } finally {
    zk.stop();
    sts.stop();
  }
}
