/**
 * Looks at an ensemble on the test cluster from the machine: its pods (name, address, node, creation)
 * and what each member answers to `srvr`, and a sampler that counts leader changes while an
 * operation runs.
 */

import { fourLetter } from '../../src/zk/four-letter.ts';
import { parseSrvr } from '../../src/zk/four-letter-parse.ts';
import { kubectlOk } from '../cluster/cluster.ts';

export interface PodView {
  readonly name: string;
  readonly uid: string;
  readonly ip: string | undefined;
  readonly node: string | undefined;
  readonly createdAt: string;
  readonly ready: boolean;
  /** Container restarts in place, summed over the pod's containers. */
  readonly restarts: number;
  readonly annotations: Readonly<Record<string, string>>;
}

interface PodList {
  items: {
    metadata: { name: string; uid: string; creationTimestamp: string; annotations?: Record<string, string> };
    spec: { nodeName?: string };
    status: {
      podIP?: string;
      conditions?: { type: string; status: string }[];
      containerStatuses?: { restartCount: number }[];
    };
  }[];
}

/** The label selector of a zkop ensemble's member pods. */
export const memberSelector = (name: string): string =>
  `app.kubernetes.io/instance=${name},app.kubernetes.io/component=server`;

/** `kubectl get pods` arguments (before `-o json`) that list the ensemble's member pods. */
export const memberPodsQuery = (
  namespace: string,
  name: string,
  selector = memberSelector(name),
): string[] => ['-n', namespace, 'get', 'pods', '-l', selector, '-o', 'json'];

/** The ensemble's member pods, by name; `selector` finds the members of an ensemble zkop does not run. */
export function memberPods(namespace: string, name: string, selector?: string): Map<string, PodView> {
  return podViews(kubectlOk(memberPodsQuery(namespace, name, selector)));
}

/** The pods of a `kubectl get pods -o json` answer, by name. */
export function podViews(json: string): Map<string, PodView> {
  const list = JSON.parse(json) as PodList;
  return new Map(
    list.items.map((p) => [
      p.metadata.name,
      {
        name: p.metadata.name,
        uid: p.metadata.uid,
        ip: p.status.podIP,
        node: p.spec.nodeName,
        createdAt: p.metadata.creationTimestamp,
        ready: p.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false,
        restarts: (p.status.containerStatuses ?? []).reduce((sum, c) => sum + c.restartCount, 0),
        annotations: p.metadata.annotations ?? {},
      },
    ]),
  );
}

/** `ip:2181` of the given pods, for a ZooKeeper client on this machine. */
export function clientServers(namespace: string, name: string, podNames: readonly string[]): string {
  const pods = memberPods(namespace, name);
  return podNames
    .map((p) => {
      const ip = pods.get(p)?.ip;
      if (!ip) throw new Error(`pod ${namespace}/${p} has no address`);
      return `${ip}:2181`;
    })
    .join(',');
}

export interface Srvr {
  readonly mode: string;
  readonly version: string;
}

/** What each pod's member answers to `srvr`; undefined for a member that does not serve. */
export async function srvrByPod(
  namespace: string,
  name: string,
  selector?: string,
): Promise<Map<string, Srvr | undefined>> {
  return srvrOf(memberPods(namespace, name, selector).values());
}

async function srvrOf(pods: Iterable<PodView>): Promise<Map<string, Srvr | undefined>> {
  const result = new Map<string, Srvr | undefined>();
  for (const pod of pods) {
    if (!pod.ip) {
      result.set(pod.name, undefined);
      continue;
    }
    try {
      const srvr = parseSrvr(await fourLetter(pod.ip, 2181, 'srvr', { timeoutMs: 1500 }));
      result.set(pod.name, srvr.serving ? { mode: srvr.mode, version: srvr.version } : undefined);
    } catch {
      result.set(pod.name, undefined);
    }
  }
  return result;
}

export interface LeaderSampler {
  /** The leaders seen, in order, each once per term (a gap without a leader is not a change). */
  stop(): Promise<string[]>;
}

/** How often the sampler asks the members, and at most how often it lists the pods again. */
const SAMPLE_MS = 500;
const RELIST_MS = 2000;

/**
 * Samples which pod leads, twice a second, until stopped. The members are asked at their pods'
 * addresses, listed again (a kubectl run, which costs the machine far more than a `srvr`) only when
 * a member does not answer as serving: its pod may have been replaced.
 */
export function sampleLeaders(namespace: string, name: string, selector?: string): LeaderSampler {
  const leaders: string[] = [];
  let running = true;
  const loop = (async () => {
    let pods = memberPods(namespace, name, selector);
    let listedAt = performance.now();
    while (running) {
      const answers = await srvrOf(pods.values());
      const leader = [...answers].find(([, s]) => s?.mode === 'leader')?.[0];
      if (leader && leaders.at(-1) !== leader) leaders.push(leader);
      if ([...answers.values()].includes(undefined) && performance.now() - listedAt >= RELIST_MS) {
        pods = memberPods(namespace, name, selector);
        listedAt = performance.now();
      }
      await new Promise((r) => setTimeout(r, SAMPLE_MS));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return leaders;
    },
  };
}
