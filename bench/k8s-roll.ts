/**
 * A roll of 3- and 5-member ensembles on the shared test cluster (by default a rolling restart,
 * `zkop restart`; --operation upgrade rolls 3.8.3 -> 3.9.4, --operation config a changed zoo.cfg
 * key, --operation quorum-tls turns quorum TLS on: ZooKeeper's three rolls, --operation heal
 * deletes each member's pod in turn, the leader last (k8s/heal.ts); a list such as
 * restart,quorum-tls does each in turn on the same ensemble, for figures side by side), with
 * the operator installed in zkop-system, under writers that are clients inside the cluster (a node's
 * network namespace, cluster DNS): zkop's writer and kazoo through the client Service, kazoo listing
 * the pods' DNS names, and kazoo listing the members' own Services. Optionally the Lease-holding
 * operator replica is killed once the first member has restarted.
 *
 * Per roll: its duration, the leaders seen, and per writer the longest time without an acknowledged
 * write, failed attempts, session expiries and acknowledged writes missing afterwards. Per restarted
 * member, from its own log: ZooKeeper's "LEADER ELECTION TOOK" and the time from its first log line
 * (the JVM is up) to following the leader. How long the pods' DNS names answered with an address
 * that is gone (k8s/dns-answers.ts). Prints a table; writes JSON to --out.
 *
 * With --class-sharing, each ensemble rolls twice side by side: first with the members' class-data
 * sharing off (k8s/class-sharing.ts: no archive mapped, no classes recorded), then on again (each
 * member maps its archive, built before it starts from the classes its last run loaded).
 *
 * --cpu sets the members' CPU request (default 100m, the e2e's): the writers run outside any pod, so
 * a small request leaves a restarting JVM little of a busy machine's CPU.
 *
 * --rolls N rolls each ensemble N times in a row (default 1): a new ensemble's first roll is also the
 * first stop of each member, when the JVM writes its class-data sharing archive; later rolls map it.
 *
 * --rate sets each writer's pace in writes per second (default 20: a gap is measured to 50 ms);
 * 0 writes back to back, as fast as the ensemble answers, which on two cores takes most of the CPU.
 *
 *   scripts/node bench/k8s-roll.ts [--members 3,5] [--operation restart|upgrade|config|quorum-tls|heal,...] [--kill-operator]
 *                                  [--class-sharing] [--cpu 500m] [--rate 20] [--rolls 1] [--out FILE]
 */
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs, promisify } from 'node:util';
import { kubeconfig, kubectl, kubectlBin, root } from '../test/cluster/cluster.ts';
import { type ClusterProcess, startClusterWriter, startKazooWriter } from '../test/cluster/in-cluster.ts';
import { clientServers, memberPods, sampleLeaders } from '../test/e2e/ensemble-probe.ts';
import {
  conditionOf,
  deleteNamespace,
  killActiveOperator,
  testNamespace,
  type ZooKeeperView,
} from '../test/e2e/operator-install.ts';
import { ensureKazoo, kazooPython } from '../test/support/kazoo.ts';
import { missingWrites, type WriterReport } from '../test/support/zookeeper-load.ts';
import { type ClassSharing as Sharing, setClassSharing } from './k8s/class-sharing.ts';
import { type DnsAnswers, sampleDnsAnswers } from './k8s/dns-answers.ts';
import { healEachMember } from './k8s/heal.ts';
import { type OperatorStep, operatorSteps } from './k8s/operator-steps.ts';
import { applyToReady, SMALL_RESOURCES } from './k8s/ready-time.ts';
import { memberRejoins, type Rejoin } from './k8s/rejoin-log.ts';
import { round, table } from './k8s/stats.ts';

const OPERATIONS = ['restart', 'upgrade', 'config', 'quorum-tls', 'heal'] as const;
type Operation = (typeof OPERATIONS)[number];
const UPGRADE_FROM = '3.8.3';
const VERSION = '3.9.4';

const { values } = parseArgs({
  options: {
    members: { type: 'string', default: '3,5' },
    operation: { type: 'string', default: 'restart' },
    'kill-operator': { type: 'boolean', default: false },
    'class-sharing': { type: 'boolean', default: false },
    cpu: { type: 'string', default: SMALL_RESOURCES.requests.cpu },
    rate: { type: 'string', default: '20' },
    rolls: { type: 'string', default: '1' },
    out: { type: 'string', default: join(root, '.cache', 'bench', `k8s-roll-${Date.now()}.json`) },
  },
});
const sizes = (values.members ?? '3,5').split(',').map(Number);
const killOperator = values['kill-operator'] ?? false;
const operations = (values.operation ?? 'restart').split(',') as Operation[];
for (const operation of operations)
  if (!OPERATIONS.includes(operation)) throw new Error(`--operation: one of ${OPERATIONS.join(', ')}`);
/** Operations an ensemble goes through once only. */
const ONCE: readonly Operation[] = ['upgrade', 'quorum-tls'];
const rate = Number(values.rate);
if (!Number.isInteger(rate) || rate < 0)
  throw new Error(`--rate: a whole number of writes per second, not ${values.rate}`);
const variants: readonly ClassSharing[] = values['class-sharing'] ? ['off', 'on'] : ['as installed'];
const rollsEach = Number(values.rolls);
for (const once of ONCE)
  if (operations.filter((o) => o === once).length * rollsEach * variants.length > 1)
    throw new Error(`an ensemble goes through ${once} once`);
const log = (line: string) => process.stderr.write(`${line}\n`);
const NAME = 'zk';

interface WriterResult extends Omit<WriterReport, 'acknowledged'> {
  readonly acknowledged: number;
  readonly missing: number;
}

type ClassSharing = Sharing | 'as installed';

interface RollResult {
  readonly operation: Operation;
  readonly members: number;
  readonly operatorKilled: boolean;
  readonly classSharing: ClassSharing;
  /** 1 for the ensemble's first roll, 2 for the next, ... */
  readonly round: number;
  readonly rollSeconds: number;
  /** When the roll was asked for, in ms since the epoch. */
  readonly rollStartedAt: number;
  readonly leaders: string[];
  readonly writers: Record<string, WriterResult>;
  readonly rejoins: Rejoin[];
  readonly steps: OperatorStep[];
  readonly podNames: DnsAnswers;
}

function writerTargets(ns: string, size: number): Record<string, string> {
  const names = (host: (ordinal: number) => string) =>
    Array.from({ length: size }, (_, i) => `${host(i)}:2181`).join(',');
  const targets: Record<string, string> = {
    'zkop, client Service': `${NAME}-client.${ns}.svc.cluster.local:2181`,
    'kazoo, client Service': `${NAME}-client.${ns}.svc.cluster.local:2181`,
    'kazoo, pod DNS names': names((i) => `${NAME}-${i}.${NAME}-hs.${ns}.svc.cluster.local`),
  };
  const memberServices = kubectl(['-n', ns, 'get', 'service', `${NAME}-0`]).code === 0;
  if (memberServices)
    targets['kazoo, member Services'] = names((i) => `${NAME}-${i}.${ns}.svc.cluster.local`);
  return targets;
}

async function killActiveOperatorWhenOneRestarted(ns: string, before: Map<string, string>): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if ([...memberPods(ns, NAME).values()].some((p) => before.get(p.name) !== p.uid)) {
      log(`  killed the Lease holder; the standby took over ${round(await killActiveOperator())} s later`);
      return;
    }
    await sleep(500);
  }
}

const run = promisify(execFile);
const kubeEnv = { ...process.env, KUBECONFIG: join(root, '.cache', 'cluster', 'kubeconfig') };

/**
 * Asks for the roll and returns once it is done. Not spawnSync: the leader sampler runs on this
 * process's event loop during the roll.
 */
async function operate(ns: string, operation: Operation, nth: number): Promise<void> {
  if (operation === 'heal') {
    await healEachMember(ns, NAME);
    return;
  }
  if (operation === 'restart') {
    await run(join(root, 'bin', 'zkop'), ['restart', NAME, '-n', ns, '--timeout', '900'], {
      env: kubeEnv,
      timeout: 960_000,
    });
    return;
  }
  const spec =
    operation === 'upgrade'
      ? { version: VERSION }
      : operation === 'quorum-tls'
        ? { tls: { quorum: { enabled: true } } }
        : { config: { maxClientCnxns: 60 + nth } };
  const patch = ['-n', ns, 'patch', 'zookeeper', NAME, '--type=merge', '-p', JSON.stringify({ spec })];
  const { stdout } = await run(kubectlBin, ['--kubeconfig', kubeconfig, ...patch, '-o', 'json']);
  const generation = (JSON.parse(stdout) as ZooKeeperView).metadata.generation;
  for (const until = Date.now() + 900_000; Date.now() < until; await sleep(250)) {
    const got = await run(kubectlBin, [
      '--kubeconfig',
      kubeconfig,
      '-n',
      ns,
      'get',
      'zookeeper',
      NAME,
      '-o',
      'json',
    ]);
    const zk = JSON.parse(got.stdout) as ZooKeeperView;
    if (zk.status?.observedGeneration === generation && conditionOf(zk, 'Ready')?.status === 'True') return;
  }
  throw new Error(`${ns}/${NAME}: the ${operation} did not finish in 900 s`);
}

async function roll(
  ns: string,
  size: number,
  operation: Operation,
  classSharing: ClassSharing,
  nth: number,
): Promise<RollResult> {
  const writers = new Map<string, ClusterProcess<WriterReport>>();
  const pathOf = (index: number) => `/bench-${classSharing}-${nth}-${index}`;
  for (const [what, servers] of Object.entries(writerTargets(ns, size))) {
    const path = pathOf(writers.size);
    writers.set(
      what,
      what.startsWith('zkop')
        ? await startClusterWriter(servers, path, 1, rate)
        : await startKazooWriter(kazooPython, servers, path, 1, rate),
    );
  }
  const before = new Map([...memberPods(ns, NAME).values()].map((p) => [p.name, p.uid]));
  if (classSharing !== 'as installed')
    for (const pod of before.keys()) setClassSharing(ns, pod, classSharing);
  await sleep(3000);
  const leaders = sampleLeaders(ns, NAME);
  const podNames = sampleDnsAnswers(
    ns,
    new Map([...before.keys()].map((pod) => [pod, `${pod}.${NAME}-hs.${ns}.svc.cluster.local`])),
  );
  const killing = killOperator ? killActiveOperatorWhenOneRestarted(ns, before) : Promise.resolve();
  const start = performance.now();
  const rollStartedAt = Date.now();
  await operate(ns, operation, nth);
  const rollSeconds = (performance.now() - start) / 1000;
  await killing;
  await sleep(3000);
  const servers = clientServers(ns, NAME, [...before.keys()]);
  const results: Record<string, WriterResult> = {};
  let index = 0;
  for (const [what, writer] of writers) {
    const report = await writer.stop();
    const missing = await missingWrites(servers, pathOf(index++), report.acknowledged);
    results[what] = { ...report, acknowledged: report.acknowledged.length, missing: missing.length };
  }
  return {
    operation,
    members: size,
    operatorKilled: killOperator,
    classSharing,
    round: nth,
    rollSeconds,
    rollStartedAt,
    leaders: await leaders.stop(),
    writers: results,
    rejoins: memberRejoins(ns, [...before.keys()]),
    steps: operatorSteps(ns, NAME, rollStartedAt),
    podNames: await podNames.stop(),
  };
}

async function rolls(size: number): Promise<RollResult[]> {
  const ns = testNamespace('bench-roll');
  try {
    const resources = { ...SMALL_RESOURCES, requests: { ...SMALL_RESOURCES.requests, cpu: values.cpu } };
    const version = operations.includes('upgrade') ? UPGRADE_FROM : VERSION;
    const ready = await applyToReady(ns, NAME, size, undefined, { resources, version });
    log(`${size} members Ready in ${round(ready)} s`);
    const results: RollResult[] = [];
    let done = 0;
    for (const operation of operations)
      for (const sharing of variants) {
        for (let i = 0; i < rollsEach; i++) results.push(await roll(ns, size, operation, sharing, ++done));
      }
    return results;
  } finally {
    deleteNamespace(ns);
  }
}

await ensureKazoo();
const results: RollResult[] = [];
for (const size of sizes) results.push(...(await rolls(size)));

for (const r of results) {
  process.stdout.write(
    `\n${r.members} members, ${r.operation === 'restart' ? 'rolling restart' : r.operation}${r.operatorKilled ? ', Lease holder killed mid-roll' : ''}` +
      `, roll ${r.round} of the ensemble, writers ${rate === 0 ? 'back to back' : `at ${rate}/s each`}` +
      `${r.classSharing === 'as installed' ? '' : `, class-data sharing ${r.classSharing}`}\n`,
  );
  const intoRoll = (at: number) => `t+${round((at - r.rollStartedAt) / 1000, 1)}s`;
  const rows: [string, string][] = [
    ['roll (s)', String(round(r.rollSeconds))],
    ['per member (s)', String(round(r.rollSeconds / r.members))],
    ['leaders seen', r.leaders.join(' -> ')],
  ];
  for (const step of r.steps) rows.push([`operator at ${intoRoll(step.at)}`, step.note]);
  for (const m of r.rejoins) {
    const phases = Object.entries(m.phases)
      .map(([phase, ms]) => `${phase} ${round(ms / 1000, 2)}`)
      .join(', ');
    rows.push([
      `${m.pod} (${m.as} at ${intoRoll(m.foundAt)}): JVM start, first log line to ${m.as} (s)`,
      `${m.jvmStartToServingMs === undefined ? '-' : round(m.jvmStartToServingMs / 1000, 2)}, ${round(m.upToServingMs / 1000, 2)} (${phases})`,
    ]);
  }
  for (const [what, w] of Object.entries(r.writers)) {
    rows.push([
      `${what}: longest gap (s, ended at) / failed / expired / lost`,
      `${round(w.longestGapMs / 1000, 2)} (${intoRoll(w.longestGapEndedAt)}) / ${w.failed} / ${w.expired} / ${w.missing} of ${w.acknowledged}`,
    ]);
  }
  const gone = Object.values(r.podNames.goneSeconds);
  rows.push([
    'pod DNS names answering a gone address: longest / all (s)',
    `${round(Math.max(...gone))} / ${round(gone.reduce((a, b) => a + b, 0))} (${r.podNames.samples} samples)`,
  ]);
  process.stdout.write(`${table(rows)}\n`);
}
mkdirSync(dirname(values.out ?? ''), { recursive: true });
writeFileSync(values.out ?? '', `${JSON.stringify({ date: new Date().toISOString(), results }, null, 2)}\n`);
log(`JSON: ${values.out}`);
