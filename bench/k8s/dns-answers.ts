/**
 * What the pods' DNS names answer during a roll, as a client inside the cluster asks them (node 1's
 * resolver, cluster DNS): about once a second each name is resolved and its answer compared with the
 * addresses that reach a member at that moment, the pods' own and the member Services' cluster IPs.
 * An answer with neither is an address that is gone; a client that dials it waits out its connect
 * timeout. Reports, per name, how long it answered so.
 */
import { execFile } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { kubeconfig, kubectlBin } from '../../test/cluster/cluster.ts';
import { resolveInCluster } from '../../test/cluster/in-cluster.ts';

const run = promisify(execFile);

export interface DnsAnswers {
  readonly samples: number;
  /** Per pod: seconds its DNS name answered with an address no pod or member Service has. */
  readonly goneSeconds: Record<string, number>;
}

interface Listed {
  readonly items: { readonly status?: { podIP?: string }; readonly spec?: { clusterIP?: string } }[];
}

async function liveAddresses(namespace: string): Promise<Set<string>> {
  const { stdout } = await run(kubectlBin, [
    '--kubeconfig',
    kubeconfig,
    '-n',
    namespace,
    'get',
    'pods,services',
    '-o',
    'json',
  ]);
  const { items } = JSON.parse(stdout) as Listed;
  return new Set(items.flatMap((o) => [o.status?.podIP, o.spec?.clusterIP].filter((ip) => ip !== undefined)));
}

/** No answer (the name does not resolve) is not a gone address: a client skips the name. */
const answer = (host: string) => resolveInCluster(host).catch(() => [] as string[]);

export function sampleDnsAnswers(
  namespace: string,
  hosts: ReadonlyMap<string, string>,
): { stop(): Promise<DnsAnswers> } {
  const goneSeconds: Record<string, number> = Object.fromEntries([...hosts.keys()].map((pod) => [pod, 0]));
  let samples = 0;
  let running = true;
  const loop = (async () => {
    let last = performance.now();
    let live = await liveAddresses(namespace);
    while (running) {
      const answers = await Promise.all(
        [...hosts].map(async ([pod, host]) => [pod, await answer(host)] as const),
      );
      // The addresses are listed again (a kubectl run) only when an answer is not among those known.
      const unknown = (addresses: readonly string[]) => addresses.some((a) => !live.has(a));
      if (answers.some(([, addresses]) => unknown(addresses))) live = await liveAddresses(namespace);
      const now = performance.now();
      for (const [pod, addresses] of answers) {
        if (unknown(addresses)) goneSeconds[pod] = (goneSeconds[pod] ?? 0) + (now - last) / 1000;
      }
      samples += 1;
      last = now;
      await sleep(Math.max(0, 1000 - (performance.now() - now)));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return { samples, goneSeconds };
    },
  };
}
