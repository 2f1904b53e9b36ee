/**
 * How soon a restarted member follows the leader, with and without its class-data sharing archive,
 * side by side on one 3-member ensemble of the test cluster (zkop installed by the e2e helpers),
 * without client load. Each round deletes two followers' pods in turn, each once with sharing off
 * (k8s/class-sharing.ts: no archive mapped, no classes recorded) and once on (the archive mapped,
 * built before the start from the classes the member's earlier runs loaded).
 * Per restart, from the member's own log: ZooKeeper's "LEADER ELECTION TOOK", and the time to
 * following from the log's first line and from the JVM's start; and whether the JVM maps an archive.
 *
 *   scripts/node bench/k8s-member-start.ts [--rounds 3] [--out FILE]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { inZooKeeperPod, kubectlOk, root } from '../test/cluster/cluster.ts';
import { deleteNamespace, testNamespace, waitReady } from '../test/e2e/operator-install.ts';
import { type ClassSharing, setClassSharing } from './k8s/class-sharing.ts';
import { applyToReady } from './k8s/ready-time.ts';
import { type Rejoin, rejoinOf } from './k8s/rejoin-log.ts';
import { median, round, table } from './k8s/stats.ts';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    out: { type: 'string', default: join(root, '.cache', 'bench', `k8s-member-start-${Date.now()}.json`) },
  },
});
const NAME = 'zk';
const log = (line: string) => process.stderr.write(`${line}\n`);

interface Start extends Rejoin {
  readonly sharing: ClassSharing;
  readonly mapped: boolean;
}

async function restart(ns: string, pod: string): Promise<void> {
  kubectlOk(['-n', ns, 'delete', 'pod', pod]);
  await sleep(3000);
  await waitReady(ns, NAME);
  await sleep(3000);
}

async function timedRestart(ns: string, pod: string, sharing: ClassSharing): Promise<Start> {
  setClassSharing(ns, pod, sharing);
  await restart(ns, pod);
  const rejoin = rejoinOf(pod, kubectlOk(['-n', ns, 'logs', pod, '-c', 'zookeeper']));
  if (!rejoin) throw new Error(`${pod} logged no election after its restart`);
  const mapped = inZooKeeperPod(ns, pod, 'grep -c /data/jvm/ /proc/1/maps || true').trim() !== '0';
  log(`  ${pod}, sharing ${sharing}: JVM start to following ${rejoin.jvmStartToServingMs} ms`);
  return { ...rejoin, sharing, mapped };
}

const ns = testNamespace('bench-start');
const starts: Start[] = [];
try {
  log(`3 members Ready in ${round(await applyToReady(ns, NAME, 3))} s`);
  for (let i = 0; i < Number(values.rounds); i++) {
    for (const [pod, sharing] of [
      ['zk-0', 'off'],
      ['zk-1', 'on'],
      ['zk-0', 'on'],
      ['zk-1', 'off'],
    ] as const) {
      starts.push(await timedRestart(ns, pod, sharing));
    }
  }
} finally {
  deleteNamespace(ns);
}

const rows: [string, string][] = [];
for (const sharing of ['off', 'on'] as const) {
  const of = starts.filter((s) => s.sharing === sharing);
  const seconds = (pick: (s: Start) => number | undefined) => {
    const all = of.map(pick).filter((v): v is number => v !== undefined);
    return `${round(median(all) / 1000, 2)} (${round(Math.min(...all) / 1000, 2)}-${round(Math.max(...all) / 1000, 2)})`;
  };
  rows.push(
    [`sharing ${sharing}: restarts, archive mapped`, `${of.length}, ${of.filter((s) => s.mapped).length}`],
    [`sharing ${sharing}: JVM start to following (s), median (range)`, seconds((s) => s.jvmStartToServingMs)],
    [`sharing ${sharing}: first log line to following (s)`, seconds((s) => s.upToServingMs)],
    [`sharing ${sharing}: election (s)`, seconds((s) => s.electionMs)],
  );
}
process.stdout.write(`${table(rows)}\n`);
mkdirSync(dirname(values.out ?? ''), { recursive: true });
writeFileSync(values.out ?? '', `${JSON.stringify({ date: new Date().toISOString(), starts }, null, 2)}\n`);
log(`JSON: ${values.out}`);
