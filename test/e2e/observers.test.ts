/**
 * Observers on the test cluster: an ensemble of 3 voters and 2 observers becomes Ready with the
 * observers shown as observers (status, `srvr`, the committed config), an observer serves reads of
 * what was written through a voter, the observers scale 2 -> 0 -> 1, and a restart token rolls every
 * member, observers first and the leader last. The tests run in order on the same ensemble.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { RESTART_TOKEN_ANNOTATION } from '../../src/platform/kubernetes/render/index.ts';
import { ZkClient } from '../../src/zk/client.ts';
import { kubectlOk, waitFor } from '../cluster/cluster.ts';
import { committedRoles } from '../support/zookeeper-load.ts';
import { clientServers, memberPods, srvrByPod } from './ensemble-probe.ts';
import {
  applyZooKeeper,
  deleteNamespace,
  installOperator,
  patchSpec,
  testNamespace,
  waitReady,
  type ZooKeeperView,
} from './operator-install.ts';

const NAME = 'zk';
const SPEC = {
  version: '3.9.4',
  replicas: 3,
  observers: 2,
  resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '448Mi' } },
  jvm: { heap: '160Mi' },
  storage: { size: '1Gi' },
};
const VOTERS = ['zk-0', 'zk-1', 'zk-2'];
let ns = '';

before(async () => {
  installOperator();
  ns = testNamespace('zkop-e2e-observers');
  applyZooKeeper(ns, NAME, SPEC);
  await waitReady(ns, NAME, 600_000);
});

after(() => {
  if (ns) deleteNamespace(ns);
});

const log = (line: string) => process.stderr.write(`${line}\n`);
const voters = () => clientServers(ns, NAME, VOTERS);

/** Each member in the status: [name, role, voting]. */
const statusRoles = (zk: ZooKeeperView) =>
  (zk.status?.members ?? []).filter((m) => m.state === 'serving').map((m) => [m.name, m.role, m.voting]);

/** What each serving member's `srvr` says it is, by pod. */
async function modes(): Promise<Record<string, string | undefined>> {
  return Object.fromEntries([...(await srvrByPod(ns, NAME))].map(([pod, srvr]) => [pod, srvr?.mode]));
}

async function podsAre(count: number): Promise<void> {
  await waitFor(`${count} member pods`, 180_000, () =>
    memberPods(ns, NAME).size === count ? true : undefined,
  );
}

async function withClient<T>(pod: string, use: (client: ZkClient) => Promise<T>): Promise<T> {
  const client = await ZkClient.connect({
    servers: clientServers(ns, NAME, [pod]),
    connectTimeoutMs: 15_000,
  });
  try {
    return await use(client);
  } finally {
    await client.close();
  }
}

test('3 voters and 2 observers are Ready; the observers are observers in the status, in srvr and in the config', async () => {
  const zk = await waitReady(ns, NAME);
  assert.equal(zk.status?.readyMembers, '5/5');
  const roles = statusRoles(zk);
  assert.deepEqual(
    roles.filter(([, , voting]) => voting === false),
    [
      ['zk-3', 'observer', false],
      ['zk-4', 'observer', false],
    ],
    JSON.stringify(roles),
  );
  assert.equal(roles.filter(([, role]) => role === 'leader').length, 1, JSON.stringify(roles));
  const srvr = await modes();
  assert.equal(srvr['zk-3'], 'observer', JSON.stringify(srvr));
  assert.equal(srvr['zk-4'], 'observer', JSON.stringify(srvr));
  assert.deepEqual(
    VOTERS.map((p) => srvr[p]).sort(),
    ['follower', 'follower', 'leader'],
    JSON.stringify(srvr),
  );
  assert.deepEqual(await committedRoles(voters()), { participants: [1, 2, 3], observers: [4, 5] });
});

test('an observer serves reads of what was written through a voter, and forwards writes', async () => {
  await withClient('zk-0', (c) => c.create('/e2e-observed', { data: 'written through zk-0' }));
  const read = await withClient('zk-3', async (c) => {
    await c.sync('/e2e-observed');
    return (await c.getData('/e2e-observed')).data.toString('utf8');
  });
  assert.equal(read, 'written through zk-0', 'read through observer zk-3');

  await withClient('zk-4', (c) => c.create('/e2e-through-observer', { data: 'written through zk-4' }));
  const back = await withClient('zk-1', async (c) => {
    await c.sync('/e2e-through-observer');
    return (await c.getData('/e2e-through-observer')).data.toString('utf8');
  });
  assert.equal(back, 'written through zk-4', 'a write through observer zk-4 read through voter zk-1');
});

test('observers scale 2 -> 0 -> 1: removed by reconfig with their volumes, then one joins as an observer', async () => {
  let t0 = Date.now();
  patchSpec(ns, NAME, { observers: 0 });
  let zk = await waitReady(ns, NAME, 300_000);
  log(`observers 2 -> 0: ${Math.round((Date.now() - t0) / 1000)} s`);
  assert.equal(zk.status?.readyMembers, '3/3');
  await podsAre(3);
  assert.deepEqual(await committedRoles(voters()), { participants: [1, 2, 3], observers: [] });
  await waitFor('the claims of the observers to be deleted', 60_000, () => {
    const names = kubectlOk(['-n', ns, 'get', 'pvc', '-o', 'name']).trim().split('\n').sort();
    return names.join(',') === VOTERS.map((p) => `persistentvolumeclaim/data-${p}`).join(',')
      ? true
      : undefined;
  });

  t0 = Date.now();
  patchSpec(ns, NAME, { observers: 1 });
  zk = await waitReady(ns, NAME, 300_000);
  log(`observers 0 -> 1: ${Math.round((Date.now() - t0) / 1000)} s`);
  assert.equal(zk.status?.readyMembers, '4/4');
  await podsAre(4);
  assert.deepEqual(await committedRoles(voters()), { participants: [1, 2, 3], observers: [4] });
  assert.deepEqual(statusRoles(zk).at(-1), ['zk-3', 'observer', false]);
  assert.equal((await modes())['zk-3'], 'observer');
  const read = await withClient('zk-3', async (c) => {
    await c.sync('/e2e-observed');
    return (await c.getData('/e2e-observed')).data.toString('utf8');
  });
  assert.equal(read, 'written through zk-0', 'the new observer has the data');
});

test('a restart token rolls every member once, the observer first and the leader last', async () => {
  const before = await waitReady(ns, NAME);
  const leader = before.status?.leader;
  assert.ok(leader, 'a leader before the roll');
  const podsBefore = memberPods(ns, NAME);
  const t0 = Date.now();
  const token = randomBytes(4).toString('hex');
  kubectlOk(['-n', ns, 'annotate', '--overwrite', 'zookeeper', NAME, `${RESTART_TOKEN_ANNOTATION}=${token}`]);
  await waitFor(
    'every member pod made anew and ready',
    600_000,
    () => {
      const pods = memberPods(ns, NAME);
      const renewed = [...podsBefore].every(([name, pod]) => {
        const now = pods.get(name);
        return now && now.uid !== pod.uid && now.ready;
      });
      return renewed ? true : undefined;
    },
    2000,
  );
  const zk = await waitReady(ns, NAME, 300_000);
  log(`roll of 4 members: ${Math.round((Date.now() - t0) / 1000)} s`);
  assert.equal(zk.status?.readyMembers, '4/4');
  const order = [...memberPods(ns, NAME).values()]
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
    .map((p) => p.name);
  assert.equal(order[0], 'zk-3', `the observer was restarted first (order: ${order.join(', ')})`);
  assert.equal(order.at(-1), leader, `the leader ${leader} was restarted last (order: ${order.join(', ')})`);
  for (const pod of memberPods(ns, NAME).keys()) {
    const { metadata } = JSON.parse(kubectlOk(['-n', ns, 'get', 'pod', pod, '-o', 'json'])) as {
      metadata: { annotations?: Record<string, string> };
    };
    assert.equal(metadata.annotations?.[RESTART_TOKEN_ANNOTATION], token, `${pod} carries the new token`);
  }
  assert.deepEqual(await committedRoles(voters()), { participants: [1, 2, 3], observers: [4] });
  assert.equal((await modes())['zk-3'], 'observer');
});
