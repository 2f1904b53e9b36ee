/**
 * API requests and writes per idle reconcile of a Ready ensemble. The operator's metrics count
 * reconciles and their writes (zkop_reconcile_actions_total) but not API requests, so requests are
 * counted through a proxy around the API client of an out-of-cluster operator instance restricted to
 * the ensemble's namespace (as test/e2e/k8s-controller.test.ts does). It reaches the members by
 * their pod IPs, since pod DNS names do not resolve on this machine.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { V1Pod } from '@kubernetes/client-node';
import { type Logger, pino } from 'pino';
import { applyDefaults } from '../../src/api/defaults.ts';
import { connect } from '../../src/platform/kubernetes/client/connect.ts';
import type { KubeApi } from '../../src/platform/kubernetes/client/kube-api.ts';
import { PODS, type ResourceType } from '../../src/platform/kubernetes/client/resources.ts';
import { startOperator } from '../../src/platform/kubernetes/operator/operator.ts';
import type { EnsembleAccess } from '../../src/platform/kubernetes/reconcile/ensemble-access.ts';
import { memberPodName } from '../../src/platform/kubernetes/render/index.ts';
import { systemClock } from '../../src/platform/kubernetes/runtime/clock.ts';
import { inspect } from '../../src/zk/inspect.ts';
import { kubeconfig } from '../../test/cluster/cluster.ts';
import { OPERATOR_NAMESPACE } from '../../test/e2e/operator-install.ts';
import { metricSum } from './stats.ts';

const WRITE_VERBS = new Set(['apply', 'applyStatus', 'create', 'replace', 'mergePatch', 'delete']);

interface Counted {
  readonly api: KubeApi;
  readonly calls: { verb: string; kind: string; name?: string }[];
}

function counting(inner: KubeApi): Counted {
  const calls: { verb: string; kind: string; name?: string }[] = [];
  const api = new Proxy(inner, {
    get(target, verb: string) {
      const method = Reflect.get(target, verb) as (...args: unknown[]) => unknown;
      return (...args: unknown[]) => {
        const subject = args[1] as { metadata?: { name?: string }; name?: string } | undefined;
        calls.push({
          verb,
          kind: (args[0] as ResourceType).kind,
          name: subject?.metadata?.name ?? subject?.name,
        });
        return method.apply(target, args);
      };
    },
  });
  return { api, calls };
}

/** Members inspected at their pod IPs, looked up through a client that is not counted. */
function podIpAccess(lookup: KubeApi): EnsembleAccess {
  return {
    async inspect(zk, members) {
      const { ports } = applyDefaults(zk.spec);
      const targets = await Promise.all(
        members.map(async ({ id }) => {
          const pod = await lookup.get<V1Pod>(PODS, {
            namespace: zk.metadata.namespace,
            name: memberPodName(zk.metadata.name, id),
          });
          return {
            id,
            host: pod?.status?.podIP ?? '0.0.0.0',
            clientPort: ports.client,
            adminPort: ports.admin,
          };
        }),
      );
      return inspect(targets);
    },
    reconfigure: async () => ({ applied: false, why: 'the benchmark instance does not reconfigure' }),
  };
}

export interface IdleCounts {
  readonly reconciles: number;
  readonly requests: number;
  readonly writes: number;
  readonly byVerb: Record<string, number>;
  /** `verb Kind name` of every write, once each. */
  readonly written: string[];
}

/** Runs an out-of-cluster operator on `namespace` for `windowMs` after its first reconciles. */
export async function countIdleReconciles(
  namespace: string,
  windowMs: number,
  log: Logger = pino({ level: 'silent' }),
): Promise<IdleCounts> {
  const counted = counting(await connect({ kubeconfig }));
  const stop = new AbortController();
  const running = await startOperator(
    {
      api: counted.api,
      ensemble: podIpAccess(await connect({ kubeconfig })),
      clock: systemClock,
      random: Math.random,
      log,
    },
    {
      namespaces: [namespace],
      leaderElection: false,
      leaseNamespace: namespace,
      leaseName: 'zkop-bench',
      identity: 'zkop-bench',
      metricsAddress: '127.0.0.1:0',
      resyncMs: 2000,
      operatorNamespace: OPERATOR_NAMESPACE,
    },
    stop.signal,
  );
  const reconciles = async () => metricSum(await running.metrics.registry.metrics(), 'zkop_reconciles_total');
  try {
    for (let i = 0; (await reconciles()) < 2; i++) {
      if (i > 120) throw new Error('the benchmark operator did not reconcile within 60s');
      await sleep(500);
    }
    const startReconciles = await reconciles();
    const startCalls = counted.calls.length;
    await sleep(windowMs);
    const window = counted.calls.slice(startCalls);
    const byVerb: Record<string, number> = {};
    for (const c of window) byVerb[`${c.verb} ${c.kind}`] = (byVerb[`${c.verb} ${c.kind}`] ?? 0) + 1;
    return {
      reconciles: (await reconciles()) - startReconciles,
      requests: window.length,
      writes: window.filter((c) => WRITE_VERBS.has(c.verb)).length,
      byVerb,
      written: [
        ...new Set(window.filter((c) => WRITE_VERBS.has(c.verb)).map((c) => `${c.verb} ${c.kind} ${c.name}`)),
      ],
    };
  } finally {
    stop.abort();
    await running.done;
  }
}

/** The in-cluster operator's own counters, read from a pod's /metrics. */
export async function operatorCounters(podIp: string): Promise<{ reconciles: number; actions: number }> {
  const response = await fetch(`http://${podIp}:8080/metrics`, { signal: AbortSignal.timeout(5000) });
  const text = await response.text();
  return {
    reconciles: metricSum(text, 'zkop_reconciles_total'),
    actions: metricSum(text, 'zkop_reconcile_actions_total'),
  };
}
