/**
 * A plain ZooKeeper ensemble on the test cluster, the way the Kubernetes ZooKeeper tutorial runs
 * one (no zkop involved, zookeeper-statefulset.ts): a 3-replica StatefulSet of the zookeeper:3.9.4
 * image (image-zookeeper.sh) with a headless Service, a client Service and a PodDisruptionBudget,
 * under PodSecurity `restricted`, one pod per node. Checks the ensemble forms through cluster DNS, data written
 * through one pod is read through another, a deleted pod comes back with its volume, and a node
 * drain evicts one member at a time while the ensemble keeps its quorum. Needs root.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, test } from 'node:test';
import {
  clusterDown,
  clusterUp,
  inZooKeeperPod,
  kubeconfig,
  kubectl,
  kubectlBin,
  kubectlOk,
  script,
  waitFor,
} from './cluster.ts';
import { statefulSetDnsName, zookeeperStatefulSet } from './zookeeper-statefulset.ts';

const ns = 'zookeeper-smoke';
const version = '3.9.4';
const members = ['zk-0', 'zk-1', 'zk-2'];
const dnsName = (pod: string) => statefulSetDnsName(ns, pod);
const manifests = zookeeperStatefulSet({ namespace: ns, replicas: 3, version });

interface Pod {
  metadata: { name: string; uid: string; deletionTimestamp?: string };
  spec: { nodeName?: string };
  status: { phase: string; conditions?: { type: string; status: string }[] };
}

function zkPods(): Pod[] {
  return JSON.parse(kubectlOk(['-n', ns, 'get', 'pods', '-l', 'app=zk', '-o', 'json'])).items;
}

const isReady = (pod: Pod) =>
  pod.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;

/**
 * Running and not being evicted. Not readiness: when the drain evicts the leader, the other two
 * hold an election, and a readiness probe that lands in it marks them not ready for a moment.
 */
const isUp = (pod: Pod) => pod.status.phase === 'Running' && pod.metadata.deletionTimestamp === undefined;

const inPod = (pod: string, command: string): string => inZooKeeperPod(ns, pod, command);

/** The `srvr` answer of `target`, asked from inside `from` over the pod network. */
function srvr(from: string, target: string): string {
  return inPod(from, `exec 3<>/dev/tcp/${target}/2181 && printf srvr >&3 && cat <&3`);
}

const modeOf = (answer: string) => /^Mode: (\w+)$/m.exec(answer)?.[1] ?? 'not serving';

/** The modes of `targets` as seen from `from`, sorted, e.g. ['follower', 'leader']. */
function modes(from: string, targets: string[]): string[] {
  return targets.map((t) => modeOf(srvr(from, dnsName(t)))).sort();
}

/**
 * Waits until every member answers `srvr` through its DNS name with the expected modes: a record
 * looked up before its pod existed can stay negatively cached by cluster DNS for a while.
 */
async function settledModes(from: string, targets: string[], expected: string[]): Promise<void> {
  let last = '';
  await waitFor(`modes ${expected.join(', ')}`, 90_000, () => {
    try {
      const seen = modes(from, targets);
      last = seen.join(', ');
      return seen.join() === expected.join() ? true : undefined;
    } catch (error) {
      last = (error as Error).message.split('\n')[0] ?? '';
      return undefined;
    }
  }).catch((error: Error) => {
    throw new Error(`${error.message}; last answer: ${last}`);
  });
}

/** What zkCli.sh prints for `get path` inside `pod` through `server` (the data is a line of its own). */
function readZnode(pod: string, server: string, path: string): string {
  const result = kubectl(
    ['-n', ns, 'exec', pod, '-c', 'zookeeper', '--', 'zkCli.sh', '-server', server, 'get', path],
    undefined,
    60_000,
  );
  return result.stdout + result.stderr;
}

function writeZnode(pod: string, server: string, path: string, data: string): void {
  kubectlOk([
    '-n',
    ns,
    'exec',
    pod,
    '-c',
    'zookeeper',
    '--',
    'zkCli.sh',
    '-server',
    server,
    'create',
    path,
    data,
  ]);
}

/** Set once the ensemble formed; the later tests need it and fail fast without it. */
let formed = false;
class NotFormed extends Error {}
const requireFormed = () => {
  if (!formed) throw new NotFormed('the ensemble never formed (see the first test)');
};

async function allReady(timeoutMs: number): Promise<Pod[]> {
  return waitFor('three ready ZooKeeper pods', timeoutMs, () => {
    const pods = zkPods();
    return pods.length === 3 && pods.every(isReady) ? pods : undefined;
  });
}

/** Prints what explains a failure (pods, events, ZooKeeper logs), then rethrows. */
async function diagnosed(body: () => Promise<void> | void): Promise<void> {
  try {
    await body();
  } catch (error) {
    if (error instanceof NotFormed) throw error;
    const show = (args: string[]) => {
      const result = kubectl(['-n', ns, ...args]);
      process.stderr.write(`--- kubectl -n ${ns} ${args.join(' ')}\n${result.stdout}${result.stderr}\n`);
    };
    show(['get', 'pods,pvc,pdb', '-o', 'wide']);
    show(['describe', 'pods', '-l', 'app=zk']);
    for (const pod of members) show(['logs', pod, '--tail=40']);
    process.stderr.write(`--- nodes\n${kubectl(['get', 'nodes', '-o', 'wide']).stdout}\n`);
    throw error;
  }
}

before(async () => {
  clusterUp();
  const archive = script('image-zookeeper.sh', version).trim();
  script('load-image.sh', archive);
  kubectlOk(['create', 'namespace', ns]);
  kubectlOk(['label', 'namespace', ns, 'pod-security.kubernetes.io/enforce=restricted']);
  kubectlOk(['apply', '-f', '-'], manifests);
});

after(() => {
  for (const node of ['node-1', 'node-2', 'node-3']) kubectl(['uncordon', node]);
  if (process.env.ZKOP_CLUSTER_KEEP === '1') kubectl(['delete', 'namespace', ns, '--wait=false']);
  clusterDown();
});

test('the ensemble forms through cluster DNS, one member per node, as uid 1000 under restricted', () =>
  diagnosed(async () => {
    const pods = await allReady(240_000);
    assert.deepEqual(pods.map((p) => p.spec.nodeName).sort(), ['node-1', 'node-2', 'node-3']);
    await settledModes('zk-0', members, ['follower', 'follower', 'leader']);
    const cfg = inPod('zk-1', 'cat /conf/zoo.cfg');
    for (const pod of members)
      assert.ok(cfg.includes(dnsName(pod)), `zoo.cfg lacks ${dnsName(pod)}:\n${cfg}`);
    assert.equal(inPod('zk-1', 'cat /data/myid').trim(), '2');
    assert.equal(inPod('zk-1', 'id -u; id -un').trim(), '1000\nzookeeper');
    formed = true;
  }));

test('a znode written through one member is read through another and through the client Service', () =>
  diagnosed(() => {
    requireFormed();
    writeZnode('zk-0', 'localhost:2181', '/smoke', 'hello');
    assert.match(readZnode('zk-2', 'localhost:2181', '/smoke'), /^hello$/m);
    assert.match(readZnode('zk-1', `zk-cs.${ns}.svc.cluster.local:2181`, '/smoke'), /^hello$/m);
  }));

test('a deleted member comes back with the same volume and its data', () =>
  diagnosed(async () => {
    requireFormed();
    const claimUid = () =>
      kubectlOk(['-n', ns, 'get', 'pvc', 'datadir-zk-1', '-o', 'jsonpath={.metadata.uid}']);
    const claimBefore = claimUid();
    const podBefore = zkPods().find((p) => p.metadata.name === 'zk-1');
    inPod('zk-1', 'echo kept > /data/marker');
    kubectlOk(['-n', ns, 'delete', 'pod', 'zk-1', '--timeout=60s']);
    const pods = await allReady(180_000);
    const podAfter = pods.find((p) => p.metadata.name === 'zk-1');
    assert.notEqual(podAfter?.metadata.uid, podBefore?.metadata.uid);
    assert.equal(claimUid(), claimBefore);
    assert.equal(inPod('zk-1', 'cat /data/marker').trim(), 'kept');
    assert.equal(inPod('zk-1', 'cat /data/myid').trim(), '2');
    assert.match(readZnode('zk-1', 'localhost:2181', '/smoke'), /^hello$/m);
    await settledModes('zk-0', members, ['follower', 'follower', 'leader']);
  }));

/** Runs `kubectl drain` in the background, sampling the members that are up every half second. */
async function drainSampling(
  node: string,
  timeout: string,
): Promise<{ code: number | null; stderr: string; fewestUp: number }> {
  const drain = spawn(kubectlBin, [
    '--kubeconfig',
    kubeconfig,
    'drain',
    node,
    '--ignore-daemonsets',
    '--delete-emptydir-data',
    `--timeout=${timeout}`,
  ]);
  let stderr = '';
  drain.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) => drain.on('exit', resolve));
  let fewestUp = 3;
  let done = false;
  void exited.then(() => {
    done = true;
  });
  const sample = () => {
    fewestUp = Math.min(fewestUp, zkPods().filter(isUp).length);
  };
  while (!done) {
    sample();
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  sample();
  return { code: await exited, stderr, fewestUp };
}

test('a drained node loses one member at a time while the PodDisruptionBudget holds and the quorum stays', () =>
  diagnosed(async () => {
    requireFormed();
    const nodeOf = (pod: string) => zkPods().find((p) => p.metadata.name === pod)?.spec.nodeName ?? '';
    const first = nodeOf('zk-2');
    const second = nodeOf('zk-1');
    try {
      const drained = await drainSampling(first, '120s');
      assert.equal(drained.code, 0, `drain of ${first} failed:\n${drained.stderr}`);
      assert.equal(drained.fewestUp, 2, 'the drain took more than one member away at once');
      await waitFor('zk-2 to be gone from its node', 60_000, () =>
        zkPods().find((p) => p.metadata.name === 'zk-2' && p.spec.nodeName === first) ? undefined : true,
      );
      // When zk-2 led, the other two hold an election first (a few hundred milliseconds).
      await settledModes('zk-0', ['zk-0', 'zk-1'], ['follower', 'leader']);
      writeZnode('zk-0', `zk-cs.${ns}.svc.cluster.local:2181`, '/during-drain', 'quorum');
      assert.match(readZnode('zk-1', 'localhost:2181', '/during-drain'), /^quorum$/m);

      const refused = await drainSampling(second, '15s');
      assert.notEqual(refused.code, 0, `the PodDisruptionBudget let ${second} be drained`);
      assert.match(refused.stderr, /disruption budget/);
      assert.equal(refused.fewestUp, 2);
      const zk1 = zkPods().find((p) => p.metadata.name === 'zk-1');
      assert.ok(zk1 !== undefined && isReady(zk1) && zk1.spec.nodeName === second, 'zk-1 was evicted');
    } finally {
      kubectl(['uncordon', second]);
      kubectl(['uncordon', first]);
    }
    const pods = await allReady(180_000);
    assert.equal(pods.find((p) => p.metadata.name === 'zk-2')?.spec.nodeName, first);
    await settledModes('zk-0', members, ['follower', 'follower', 'leader']);
    assert.match(readZnode('zk-2', 'localhost:2181', '/during-drain'), /^quorum$/m);
  }));
