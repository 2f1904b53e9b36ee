/**
 * zkop's operator, installed from its chart, runs one ensemble through its life on the three-node
 * test cluster: create in a `restricted` namespace, scale 3 -> 5 -> 3 under a writer, upgrade
 * 3.8 -> 3.9, a config change, a deleted pod, a deleted pod with its volume, a drained node, and the
 * active operator killed during a scale and during a restart, with writers inside the cluster. The
 * tests run in order on the same ensemble.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { RESTART_TOKEN_ANNOTATION } from '../../src/platform/kubernetes/render/index.ts';
import { ZkClient } from '../../src/zk/client.ts';
import { inZooKeeperPod, kubectl, kubectlOk, waitFor } from '../cluster/cluster.ts';
import {
  resolveInCluster,
  startClusterWriter,
  startConnectProbe,
  startKazooWriter,
} from '../cluster/in-cluster.ts';
import { ensureKazoo, kazooPython } from '../support/kazoo.ts';
import { assertWriterKeptEverything, committedRoles, type Writer } from '../support/zookeeper-load.ts';
import { clientServers, memberPods, type PodView, sampleLeaders, srvrByPod } from './ensemble-probe.ts';
import {
  applyZooKeeper,
  deleteNamespace,
  installOperator,
  killActiveOperator,
  patchSpec,
  testNamespace,
  waitReady,
} from './operator-install.ts';

const NAME = 'zk';
const SMALL = {
  resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '448Mi' } },
  jvm: { heap: '160Mi' },
};
let ns = '';

before(() => {
  installOperator(['3.8.3', '3.9.4']);
  ns = testNamespace('zkop-e2e-life');
});

after(() => {
  if (ns) deleteNamespace(ns);
});

const podsOf = (ids: readonly number[]) => ids.map((id) => `${NAME}-${id - 1}`);
const servers = (ids: readonly number[]) => clientServers(ns, NAME, podsOf(ids));
const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
/** Writers run inside the cluster, as applications do: they connect through the client Service. */
const clientService = () => `${NAME}-client.${ns}.svc.cluster.local:2181`;
const startWriter = (path: string) => startClusterWriter(clientService(), path);
const log = (line: string) => process.stderr.write(`${line}\n`);

async function readThrough(server: string, path: string): Promise<string> {
  const client = await ZkClient.connect({ servers: server, connectTimeoutMs: 15_000 });
  try {
    await client.sync(path);
    return (await client.getData(path)).data.toString('utf8');
  } finally {
    await client.close();
  }
}

/** Stops every writer first (none is left running when a check fails), then checks each one. */
async function finish(writers: readonly (readonly [string, Writer])[], stayingIds: readonly number[]) {
  const reports = await Promise.allSettled(writers.map(([, writer]) => writer.stop()));
  for (const [i, [path]] of writers.entries()) {
    const settled = reports[i];
    if (settled?.status !== 'fulfilled') throw settled?.reason;
    await assertWriterKeptEverything(settled.value, servers(stayingIds), path, log);
  }
}

/** Waits until the ensemble is Ready and then checks who leads and what the pods run. */
async function rollAndCheck(change: Record<string, unknown>, path: string, expectVersion: string) {
  const before = await waitReady(ns, NAME);
  const leaderBefore = before.status?.leader;
  assert.ok(leaderBefore, 'a leader before the roll');
  const podsBefore = memberPods(ns, NAME);
  const writer = await startWriter(path);
  const leaders = sampleLeaders(ns, NAME);
  const t0 = Date.now();
  patchSpec(ns, NAME, change);
  const done = await waitReady(ns, NAME, 600_000);
  log(`roll of 3 members: ${Math.round((Date.now() - t0) / 1000)} s`);
  const seen = await leaders.stop();
  await finish([[path, writer]], [1, 2, 3]);

  const podsAfter = memberPods(ns, NAME);
  for (const [name, pod] of podsAfter) {
    assert.notEqual(pod.uid, podsBefore.get(name)?.uid, `${name} was restarted`);
  }
  const order = [...podsAfter.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  assert.equal(order.at(-1)?.name, leaderBefore, 'the leader was restarted last');
  assert.equal(seen[0], leaderBefore);
  assert.equal(seen.length, 2, `one leader change (leaders seen: ${seen.join(' -> ')})`);
  for (const [pod, srvr] of await srvrByPod(ns, NAME)) {
    assert.equal(srvr?.version, expectVersion, `${pod} runs ${expectVersion}`);
  }
  assert.equal(done.status?.version, expectVersion);
}

test('a 3-member ensemble in a restricted namespace becomes Ready, one member per node', async () => {
  const t0 = Date.now();
  applyZooKeeper(ns, NAME, { version: '3.8.3', replicas: 3, ...SMALL });
  const zk = await waitReady(ns, NAME);
  log(`apply -> Ready (3 members): ${Math.round((Date.now() - t0) / 1000)} s`);
  const pods = [...memberPods(ns, NAME).values()];
  assert.equal(pods.length, 3);
  assert.equal(new Set(pods.map((p) => p.node)).size, 3, 'one member per node');
  assert.equal(zk.status?.members?.filter((m) => m.state === 'serving').length, 3);
  const leaders = zk.status?.members?.filter((m) => m.role === 'leader') ?? [];
  assert.equal(leaders.length, 1);
  assert.equal(zk.status?.leader, leaders[0]?.name);

  const row = kubectlOk(['-n', ns, 'get', 'zookeeper', NAME, '--no-headers']).trim().split(/\s+/);
  assert.deepEqual(row.slice(0, 5), [NAME, 'True', '3/3', zk.status?.leader, '3.8.3']);
  const logs = kubectlOk(['-n', ns, 'logs', `${NAME}-0`, '-c', 'zookeeper']);
  assert.match(logs, /\[myid:1\].*QuorumPeer/, 'ZooKeeper logs to standard output');
});

test("each pod's DNS name resolves to its member Service's cluster IP, which outlives the pod", async () => {
  for (const pod of podsOf(range(3))) {
    const clusterIp = kubectlOk(['-n', ns, 'get', 'service', pod, '-o', 'jsonpath={.spec.clusterIP}']).trim();
    const podIp = kubectlOk(['-n', ns, 'get', 'pod', pod, '-o', 'jsonpath={.status.podIP}']).trim();
    assert.notEqual(clusterIp, podIp);
    assert.deepEqual(await resolveInCluster(`${pod}.${NAME}-hs.${ns}.svc.cluster.local`), [clusterIp], pod);
  }
});

test('a znode written through one member is read through another', async () => {
  const writer = await ZkClient.connect({ servers: servers([1]), connectTimeoutMs: 15_000 });
  try {
    await writer.create('/e2e-hello', { data: 'written through zk-0' });
  } finally {
    await writer.close();
  }
  assert.equal(await readThrough(servers([3]), '/e2e-hello'), 'written through zk-0');
});

test('scale 3 -> 5 -> 3 under a writer: nothing acknowledged is lost, the session lives, the config follows the spec', async () => {
  const writer = await startWriter('/e2e-scale');
  try {
    for (const replicas of [5, 3]) {
      const t0 = Date.now();
      patchSpec(ns, NAME, { replicas });
      const zk = await waitReady(ns, NAME, 600_000);
      log(`scale to ${replicas}: ${Math.round((Date.now() - t0) / 1000)} s`);
      assert.equal(zk.status?.readyMembers, `${replicas}/${replicas}`);
      const roles = await committedRoles(servers([1, 2, 3]));
      assert.deepEqual(roles, { participants: range(replicas), observers: [] });
      await waitFor(`${replicas} pods`, 120_000, () =>
        memberPods(ns, NAME).size === replicas ? true : undefined,
      );
    }
  } finally {
    await finish([['/e2e-scale', writer]], [1, 2, 3]);
  }
  const claims = kubectlOk(['-n', ns, 'get', 'pvc', '-o', 'name']).trim().split('\n').sort();
  assert.deepEqual(
    claims,
    podsOf([1, 2, 3]).map((p) => `persistentvolumeclaim/data-${p}`),
  );
});

test('an upgrade 3.8.3 -> 3.9.4 rolls followers first, the leader last, with one leader change', async () => {
  await rollAndCheck({ version: '3.9.4' }, '/e2e-upgrade', '3.9.4');
});

test('a config change rolls followers first, the leader last, with one leader change', async () => {
  await rollAndCheck({ config: { maxClientCnxns: 100 } }, '/e2e-config', '3.9.4');
});

/** Ready by the status, and every member's pod ready by the kubelet (the status may lag a deletion). */
async function healed(members: number, timeoutMs = 300_000): Promise<void> {
  await waitFor(`${members} ready member pods`, timeoutMs, () => {
    const pods = [...memberPods(ns, NAME).values()];
    return pods.length === members && pods.every((p) => p.ready && p.ip) ? true : undefined;
  });
  const zk = await waitReady(ns, NAME, timeoutMs);
  assert.equal(zk.status?.readyMembers, `${members}/${members}`);
}

async function replaced(pod: PodView | undefined): Promise<void> {
  assert.ok(pod);
  await waitFor(`${pod.name} to be replaced`, 180_000, () => {
    const now = memberPods(ns, NAME).get(pod.name);
    return now && now.uid !== pod.uid ? true : undefined;
  });
}

test('a restart with the active operator killed mid-roll: kazoo inside the cluster keeps its sessions and every write', async () => {
  await ensureKazoo();
  await waitReady(ns, NAME);
  const podsBefore = memberPods(ns, NAME);
  const hosts = (host: (ordinal: number) => string) =>
    range(3)
      .map((id) => `${host(id - 1)}:2181`)
      .join(',');
  const targets: [string, string][] = [
    ['/e2e-kill-client-service', clientService()],
    ['/e2e-kill-pod-names', hosts((o) => `${NAME}-${o}.${NAME}-hs.${ns}.svc.cluster.local`)],
    ['/e2e-kill-member-services', hosts((o) => `${NAME}-${o}.${ns}.svc.cluster.local`)],
  ];
  const writers: [string, Writer][] = [];
  for (const [path, servers] of targets)
    writers.push([path, await startKazooWriter(kazooPython, servers, path)]);
  const leaders = sampleLeaders(ns, NAME);
  const token = randomBytes(4).toString('hex');
  kubectlOk(['-n', ns, 'annotate', 'zookeeper', NAME, `${RESTART_TOKEN_ANNOTATION}=${token}`, '--overwrite']);
  const restarted = (pod: PodView) => podsBefore.get(pod.name)?.uid !== pod.uid;
  await waitFor('a first member restarted', 300_000, () =>
    [...memberPods(ns, NAME).values()].some(restarted) ? true : undefined,
  );
  log(`Lease taken over ${(await killActiveOperator()).toFixed(1)} s after the kill`);
  await waitFor('every member restarted and ready', 600_000, () => {
    const pods = [...memberPods(ns, NAME).values()];
    return pods.length === 3 && pods.every((p) => restarted(p) && p.ready) ? true : undefined;
  });
  await waitReady(ns, NAME);
  const seen = await leaders.stop();
  await finish(writers, [1, 2, 3]);
  assert.equal(seen.length, 2, `one leader change (leaders seen: ${seen.join(' -> ')})`);
});

test('a restarted member maps the class-data sharing archive built from the classes its last run loaded', () => {
  for (const pod of memberPods(ns, NAME).keys()) {
    const [javaEnv = '', ...mapped] = inZooKeeperPod(
      ns,
      pod,
      'cat /data/conf/java.env; grep -o "/data/jvm/.*" /proc/1/maps | sort -u',
    )
      .trim()
      .split('\n');
    const archive = /-XX:SharedArchiveFile=(\S+)/.exec(javaEnv)?.[1];
    assert.ok(archive, `${pod} starts with an archive: ${javaEnv}`);
    assert.match(
      javaEnv,
      /-XX:DumpLoadedClassList=\/data\/jvm\/classes\.lst\.new"$/,
      `${pod} records its classes`,
    );
    assert.deepEqual(mapped, [archive], `${pod}'s JVM maps ${archive}`);
  }
});

test('a deleted pod comes back with its data; its member Service drops it while it is still being deleted', async () => {
  const victim = memberPods(ns, NAME).get(`${NAME}-1`);
  assert.ok(victim?.ip);
  const service = kubectlOk([
    '-n',
    ns,
    'get',
    'service',
    `${NAME}-1`,
    '-o',
    'jsonpath={.spec.clusterIP}',
  ]).trim();
  const probe = await startConnectProbe(service, 2181);
  kubectlOk(['-n', ns, 'delete', 'pod', `${NAME}-1`, '--wait=false']);
  // kube-proxy sends new connections to a Service's endpoints; one left on a pod whose network is
  // gone gets no answer, and its client waits out its connect timeout (ADR 0074).
  const dropped = await waitFor(
    'the member Service to drop the pod or the pod to be gone',
    60_000,
    () => {
      const addresses = kubectlOk([
        '-n',
        ns,
        'get',
        'endpointslices',
        '-l',
        `kubernetes.io/service-name=${NAME}-1`,
        '-o',
        'jsonpath={.items[*].endpoints[*].addresses[*]}',
      ]).split(/\s+/);
      if (memberPods(ns, NAME).get(`${NAME}-1`)?.uid !== victim.uid) return 'the pod was gone first';
      return addresses.includes(victim.ip ?? '') ? undefined : 'dropped while the pod was being deleted';
    },
    100,
  );
  assert.equal(dropped, 'dropped while the pod was being deleted');
  await replaced(victim);
  await healed(3);
  // What clients dialling the Service met meanwhile, for the record (bench/k8s-roll.ts measures
  // the writers' gaps).
  log(`connections to the member Service meanwhile: ${JSON.stringify(await probe.stop())}`);
  assert.equal(await readThrough(servers([2]), '/e2e-hello'), 'written through zk-0');
});

test('a pod deleted with its volume comes back on a new volume and syncs the data again', async () => {
  const victim = memberPods(ns, NAME).get(`${NAME}-2`);
  const claim = `data-${NAME}-2`;
  const volumeBefore = kubectlOk(['-n', ns, 'get', 'pvc', claim, '-o', 'jsonpath={.spec.volumeName}']);
  kubectlOk(['-n', ns, 'delete', 'pvc', claim, '--wait=false']);
  kubectlOk(['-n', ns, 'delete', 'pod', `${NAME}-2`, '--wait=false']);
  await replaced(victim);
  await healed(3);
  const volumeAfter = kubectlOk(['-n', ns, 'get', 'pvc', claim, '-o', 'jsonpath={.spec.volumeName}']);
  assert.notEqual(volumeAfter, volumeBefore, 'a new volume');
  assert.equal(await readThrough(servers([3]), '/e2e-hello'), 'written through zk-0');
  const roles = await committedRoles(servers([1, 2, 3]));
  assert.deepEqual(roles, { participants: [1, 2, 3], observers: [] });
});

test('a drained node: the budget holds a second drain, the ensemble stays quorate and heals after', async () => {
  await healed(3);
  const zk = await waitReady(ns, NAME);
  const pods = [...memberPods(ns, NAME).values()];
  const follower = pods.find((p) => p.name !== zk.status?.leader);
  const other = pods.find((p) => p.name !== zk.status?.leader && p.name !== follower?.name);
  assert.ok(follower?.node && other?.node);
  const writer = await startWriter('/e2e-drain');
  try {
    const drain = kubectl(
      ['drain', follower.node, '--ignore-daemonsets', '--delete-emptydir-data', '--timeout=120s'],
      undefined,
      180_000,
    );
    assert.equal(drain.code, 0, `drain ${follower.node}: ${drain.stderr}`);
    // Its volume is on the drained node, so the member waits there; the other two keep the quorum.
    const second = kubectl(
      ['drain', other.node, '--ignore-daemonsets', '--delete-emptydir-data', '--timeout=20s'],
      undefined,
      60_000,
    );
    assert.notEqual(second.code, 0, 'the disruption budget refuses a second member');
    assert.match(second.stderr, /disruption budget/i);
    assert.ok(memberPods(ns, NAME).get(other.name)?.ready, `${other.name} still serves`);
  } finally {
    kubectl(['uncordon', follower.node]);
    kubectl(['uncordon', other.node]);
  }
  await healed(3);
  await finish([['/e2e-drain', writer]], [1, 2, 3]);
});

test('the standby operator takes over a scale when the active one is killed, and finishes it', async () => {
  await healed(3);
  patchSpec(ns, NAME, { replicas: 5 });
  await waitFor('the scale to start', 120_000, () => (memberPods(ns, NAME).size > 3 ? true : undefined));
  const seconds = await killActiveOperator();
  log(`Lease taken over ${seconds.toFixed(1)} s after the kill`);
  const zk = await waitReady(ns, NAME, 600_000);
  assert.equal(zk.status?.readyMembers, '5/5');
  const roles = await committedRoles(servers([1, 2, 3]));
  assert.deepEqual(roles, { participants: range(5), observers: [] });
});
