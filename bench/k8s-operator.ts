/**
 * The Kubernetes operator on the shared test cluster, as installed in zkop-system:
 *  1. apply -> Ready time of 3- and 5-member ensembles (small resources), median of --runs, and
 *     where it goes: each member's pod and log milestones (k8s/ready-breakdown.ts);
 *  2. writes per idle reconcile of a Ready ensemble by the in-cluster leader (its own counters, and
 *     the resourceVersions of the ensemble's objects, over reconciles caused by annotating the
 *     ZooKeeper object), and API requests per idle reconcile (see k8s/idle-requests.ts);
 *  3. spec change -> the operator's first action on the Ready ensemble, median of --runs (k8s/first-action.ts);
 *  4. VmRSS of the leading operator process managing 1 ensemble, then 50 (49 more, paused).
 * Works in a namespace of its own, deleted at the end. Prints a table; writes JSON to --out.
 *
 *   scripts/node bench/k8s-operator.ts [--runs 3] [--paused 49] [--idle-seconds 60] [--touches 10]
 *                                      [--out FILE]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { kubectl, kubectlOk, root } from '../test/cluster/cluster.ts';
import { deleteNamespace, OPERATOR_NAMESPACE, RELEASE, testNamespace } from '../test/e2e/operator-install.ts';
import { specChangeToFirstAction } from './k8s/first-action.ts';
import { countIdleReconciles, operatorCounters } from './k8s/idle-requests.ts';
import { leaderReplica, rssMiB } from './k8s/operator-process.ts';
import { MILESTONES, type ReadyBreakdown, readyBreakdown } from './k8s/ready-breakdown.ts';
import { applyToReady, deleteEnsemble, smallSpec } from './k8s/ready-time.ts';
import { median, round, table } from './k8s/stats.ts';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    paused: { type: 'string', default: '49' },
    'idle-seconds': { type: 'string', default: '60' },
    touches: { type: 'string', default: '10' },
    out: { type: 'string', default: join(root, '.cache', 'bench', `k8s-operator-${Date.now()}.json`) },
  },
});
const runs = Number(values.runs);
const pausedCount = Number(values.paused);
const idleMs = Number(values['idle-seconds']) * 1000;
const idleTouches = Number(values.touches);
const log = (line: string) => process.stderr.write(`${line}\n`);

const clusterZooKeepers = () =>
  kubectlOk(['get', 'zookeepers', '-A', '-o', 'name']).split('\n').filter(Boolean).length;

/** `Kind/name=resourceVersion` of the objects the operator writes for the ensembles of `namespace`. */
const versions = (namespace: string): string[] =>
  kubectlOk([
    '-n',
    namespace,
    'get',
    'zookeepers,statefulsets,services,configmaps,secrets,serviceaccounts,endpointslices,poddisruptionbudgets,networkpolicies',
    '-o',
    'jsonpath={range .items[*]}{.kind}/{.metadata.name}={.metadata.resourceVersion} {end}',
  ])
    .split(' ')
    .filter(Boolean);

/** Several samples a second apart; the median. */
async function sampleRss(pid: number, samples = 5): Promise<number> {
  const values: number[] = [];
  for (let i = 0; i < samples; i++) {
    values.push(rssMiB(pid));
    await sleep(1000);
  }
  return median(values);
}

/** The operator's pods: a change during a measurement means someone rolled the operator meanwhile. */
const operatorPods = () =>
  kubectlOk(['-n', OPERATOR_NAMESPACE, 'get', 'pods', '-o', 'name'])
    .split('\n')
    .filter(Boolean)
    .sort()
    .join(',');

interface ReadyRun {
  readonly seconds: number;
  readonly operatorRolled: boolean;
  readonly breakdown: ReadyBreakdown;
}

async function readyTimes(namespace: string, replicas: number, keepLast: boolean): Promise<ReadyRun[]> {
  const times: ReadyRun[] = [];
  for (let run = 1; run <= runs; run++) {
    const name = `zk${replicas}-${run}`;
    const pods = operatorPods();
    const appliedAt = Date.now();
    const seconds = await applyToReady(namespace, name, replicas);
    const breakdown = readyBreakdown(namespace, name, appliedAt);
    times.push({ seconds: round(seconds), operatorRolled: operatorPods() !== pods, breakdown });
    log(
      `${replicas} members, run ${run}: Ready after ${seconds.toFixed(1)}s; the last member's milestones: ${JSON.stringify(breakdown.last)}`,
    );
    if (!(keepLast && run === runs)) await deleteEnsemble(namespace, name);
  }
  return times;
}

/** Runs `measure` until the operator's pods stay the same throughout (at most `attempts` times). */
async function withStableOperator<T>(what: string, measure: () => Promise<T>, attempts = 4): Promise<T> {
  for (let i = 1; ; i++) {
    const pods = operatorPods();
    try {
      const value = await measure();
      if (operatorPods() === pods) return value;
      log(`${what}: the operator rolled meanwhile`);
    } catch (error) {
      log(`${what}: ${(error as Error).message}`);
    }
    if (i >= attempts)
      throw new Error(`${what}: no measurement without an operator roll in ${attempts} tries`);
    kubectlOk(['-n', OPERATOR_NAMESPACE, 'rollout', 'status', `deployment/${RELEASE}`, '--timeout=180s']);
    await sleep(20_000);
  }
}

async function waitAllObserved(namespace: string, count: number): Promise<void> {
  for (let i = 0; i < 300; i++) {
    const list = JSON.parse(kubectlOk(['-n', namespace, 'get', 'zookeepers', '-o', 'json'])) as {
      items: { metadata: { generation?: number }; status?: { observedGeneration?: number } }[];
    };
    const observed = list.items.filter((z) => z.status?.observedGeneration === z.metadata.generation);
    if (observed.length >= count) return;
    await sleep(1000);
  }
  throw new Error(`the operator did not report status for ${count} ensembles in ${namespace} within 300s`);
}

kubectlOk(['-n', OPERATOR_NAMESPACE, 'rollout', 'status', `deployment/${RELEASE}`, '--timeout=120s']);
const namespace = testNamespace('zkop-bench-k8s');
log(`namespace ${namespace}`);
try {
  const five = await readyTimes(namespace, 5, false);
  const three = await readyTimes(namespace, 3, true);

  log('idle: letting the Ready ensemble settle for 20s');
  await sleep(20_000);
  // The operator resyncs every 5 minutes; an annotation change makes it reconcile the idle ensemble now.
  const idleName = `zk3-${runs}`;
  const inCluster = await withStableOperator('in-cluster idle reconciles', async () => {
    const leader = leaderReplica();
    const objects = versions(namespace);
    const before = await operatorCounters(leader.podIp);
    for (let i = 1; i <= idleTouches; i++) {
      kubectlOk([
        '-n',
        namespace,
        'annotate',
        '--overwrite',
        'zookeeper',
        idleName,
        `bench.zkop.dev/touch=${i}`,
      ]);
      await sleep(idleMs / idleTouches);
    }
    const after = await operatorCounters(leader.podIp);
    const changed = versions(namespace).filter((v) => !objects.includes(v) && !v.startsWith('ZooKeeper/'));
    if (leaderReplica().pod !== leader.pod) throw new Error('the Lease changed hands');
    return {
      windowSeconds: idleMs / 1000,
      touches: idleTouches,
      leaderPod: leader.pod,
      zooKeepersInCluster: clusterZooKeepers(),
      reconciles: after.reconciles - before.reconciles,
      actions: after.actions - before.actions,
      objectsWatched: objects.length,
      objectsChangedHere: changed,
    };
  });
  log(`in-cluster leader over ${idleMs / 1000}s: ${JSON.stringify(inCluster)}`);
  const outOfCluster = await countIdleReconciles(namespace, 30_000);
  log(`out-of-cluster instance over 30s: ${JSON.stringify(outOfCluster)}`);

  const firstActions: number[] = [];
  for (let i = 1; i <= runs; i++) {
    const ms = await specChangeToFirstAction(namespace, idleName, i);
    firstActions.push(round(ms));
    log(`spec change -> first action, run ${i}: ${ms.toFixed(0)} ms`);
  }

  const rss = () =>
    withStableOperator('RSS', async () => {
      const leader = leaderReplica();
      return {
        leaderPod: leader.pod,
        zooKeepersInCluster: clusterZooKeepers(),
        rssMiB: round(await sampleRss(leader.pid)),
      };
    });
  const one = await rss();
  log(`RSS with 1 ensemble here: ${JSON.stringify(one)}`);
  const paused = Array.from({ length: pausedCount }, (_, i) => ({
    apiVersion: 'zookeeper.zkop.dev/v1alpha1',
    kind: 'ZooKeeper',
    metadata: { name: `paused-${String(i + 1).padStart(2, '0')}`, namespace },
    spec: smallSpec(3, { paused: true }),
  }));
  kubectlOk(['apply', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items: paused }));
  await waitAllObserved(namespace, pausedCount + 1);
  log('RSS: all reported; settling 30s');
  await sleep(30_000);
  const many = { ensemblesHere: pausedCount + 1, ...(await rss()) };
  const pods = kubectl(['-n', namespace, 'get', 'pods', '-o', 'name']).stdout.split('\n').filter(Boolean);

  const result = {
    at: new Date().toISOString(),
    runs,
    applyToReadySeconds: {
      members3: { runs: three, median: round(median(three.map((r) => r.seconds))) },
      members5: { runs: five, median: round(median(five.map((r) => r.seconds))) },
    },
    idle: {
      inClusterMetrics: inCluster,
      outOfClusterInstance: {
        ...outOfCluster,
        requestsPerReconcile: round(outOfCluster.requests / outOfCluster.reconciles, 2),
        readsPerReconcile: round((outOfCluster.requests - outOfCluster.writes) / outOfCluster.reconciles, 2),
        writesPerReconcile: round(outOfCluster.writes / outOfCluster.reconciles, 2),
      },
    },
    specChangeToFirstActionMs: { runs: firstActions, median: round(median(firstActions)) },
    rss: { one, many, podsInNamespace: pods.length },
  };
  // Where the time goes: the median over runs of the last member's time at each milestone.
  const lastAt = (list: readonly ReadyRun[], milestone: (typeof MILESTONES)[number]) => {
    const times = list.flatMap((r) =>
      r.breakdown.last[milestone] === undefined ? [] : [r.breakdown.last[milestone]],
    );
    return times.length === 0 ? '-' : `${round(median(times))}`;
  };
  const breakdownRows = MILESTONES.map((m): [string, string] => [
    `apply -> ${m}, last member (s): 5 / 3 members`,
    `${lastAt(five, m)} / ${lastAt(three, m)}`,
  ]);
  mkdirSync(dirname(values.out), { recursive: true });
  writeFileSync(values.out, `${JSON.stringify(result, null, 2)}\n`);
  const idle = result.idle.outOfClusterInstance;
  process.stdout.write(
    `${table([
      [`apply -> Ready, 3 members (s, median of ${runs})`, `${result.applyToReadySeconds.members3.median}`],
      [`apply -> Ready, 5 members (s, median of ${runs})`, `${result.applyToReadySeconds.members5.median}`],
      ...breakdownRows,
      [
        `idle, in-cluster leader: reconciles / writes (${inCluster.touches} touches)`,
        `${inCluster.reconciles} / ${inCluster.actions}`,
      ],
      [
        'idle, in-cluster leader: objects changed here',
        `${inCluster.objectsChangedHere.length} of ${inCluster.objectsWatched}`,
      ],
      ['idle: API reads per reconcile (out-of-cluster)', `${idle.readsPerReconcile}`],
      ['idle: writes per reconcile (out-of-cluster, see JSON)', `${idle.writesPerReconcile}`],
      [`spec change -> first action (ms, median of ${runs})`, `${result.specChangeToFirstActionMs.median}`],
      [`operator RSS MiB, 1 ensemble here (${one.zooKeepersInCluster} in cluster)`, `${one.rssMiB}`],
      [
        `operator RSS MiB, ${many.ensemblesHere} here (${many.zooKeepersInCluster} in cluster)`,
        `${many.rssMiB}`,
      ],
    ])}\n${values.out}\n`,
  );
} finally {
  deleteNamespace(namespace);
  log(`deleted ${namespace}`);
}
