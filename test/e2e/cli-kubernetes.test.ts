/**
 * The zkop command line against a ZooKeeper object on the test cluster, and the same through the
 * kubectl plugin: status (table and JSON), a scale the API server refuses, a scale 3 -> 5 -> 3
 * followed to Ready, and a restart by token that recreates every pod.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { RESTART_TOKEN_ANNOTATION } from '../../src/platform/kubernetes/render/index.ts';
import { kubeconfig, kubectlBin, kubectlOk, type RunResult, root } from '../cluster/cluster.ts';
import {
  applyZooKeeper,
  conditionOf,
  deleteNamespace,
  getZooKeeper,
  installOperator,
  testNamespace,
  waitReady,
  type ZooKeeperView,
} from './operator-install.ts';

const NAME = 'zk';
const SPEC = {
  version: '3.9.4',
  replicas: 3,
  resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '512Mi' } },
  jvm: { heap: '256Mi' },
  storage: { size: '1Gi' },
};
const LONG = 1_200_000;
let ns = '';

before(async () => {
  installOperator();
  ns = testNamespace('zkop-e2e-cli');
  applyZooKeeper(ns, NAME, SPEC);
  await waitReady(ns, NAME, 600_000);
});

after(() => {
  if (ns) deleteNamespace(ns);
});

/** Runs a command with bin/ first on PATH (for `kubectl zk`), as a user's shell would. */
function sh(command: string, args: string[], timeout = 120_000): RunResult {
  const env = { ...process.env, PATH: `${join(root, 'bin')}:${process.env.PATH ?? ''}` };
  const result = spawnSync(command, args, { encoding: 'utf8', timeout, env, cwd: root });
  return { code: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}

const zkop = (args: string[], timeout?: number) =>
  sh(join(root, 'bin', 'zkop'), [...args, '--kubeconfig', kubeconfig], timeout);

const ok = (result: RunResult, what: string): string => {
  assert.equal(result.code, 0, `${what} exited ${result.code}:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
};

/** Members that left may stay listed as stopped while their volumes are kept; the serving ones count. */
const servingIds = (zk: ZooKeeperView | undefined) =>
  (zk?.status?.members ?? [])
    .filter((m) => m.state === 'serving')
    .map((m) => m.id)
    .sort((a, b) => a - b);

const podUid = (pod: string) =>
  kubectlOk(['-n', ns, 'get', 'pod', pod, '-o', 'jsonpath={.metadata.uid}']).trim();

test('status shows the real members and leader, as a table and as JSON', () => {
  const zk = getZooKeeper(ns, NAME);
  const leader = zk?.status?.leader;
  assert.ok(leader, 'the operator reports a leader');
  const table = ok(zkop(['status', NAME, '-n', ns]), 'zkop status');
  assert.match(
    table,
    new RegExp(`^zk in ${ns} \\(ZooKeeper 3\\.9\\.4\\): Running, 3/3 members serving, leader ${leader}`),
  );
  assert.match(table, /conditions: Ready=True Available=True Progressing=False Degraded=False/);
  for (const m of zk?.status?.members ?? []) {
    assert.match(
      table,
      new RegExp(`^${m.id}\\s+${m.name}\\s+${m.role}\\s+serving\\s+yes\\s+3\\.9\\.4$`, 'm'),
    );
  }
  const json = JSON.parse(ok(zkop(['status', NAME, '-n', ns, '-o', 'json']), 'zkop status -o json'));
  assert.equal(json.leader, leader);
  assert.equal(json.namespace, ns);
  assert.deepEqual(json.members.map((m: { name: string; role: string }) => m.name).sort(), [
    'zk-0',
    'zk-1',
    'zk-2',
  ]);
  assert.equal(json.members.filter((m: { role: string }) => m.role === 'leader').length, 1);
});

test('kubectl zk status prints what zkop status prints', () => {
  const direct = ok(zkop(['status', NAME, '-n', ns]), 'zkop status');
  const plugin = ok(
    sh(kubectlBin, ['zk', 'status', NAME, '-n', ns, '--kubeconfig', kubeconfig]),
    'kubectl zk status',
  );
  assert.equal(plugin, direct);
});

test('status of an object that does not exist exits 3', () => {
  const result = zkop(['status', 'nothing', '-n', ns]);
  assert.equal(result.code, 3);
  assert.match(result.stderr, new RegExp(`ZooKeeper ${ns}/nothing not found`));
});

test('scale to an even count is refused by the API server with exit 2 and changes nothing', () => {
  const generation = getZooKeeper(ns, NAME)?.metadata.generation;
  const result = zkop(['scale', NAME, '--replicas', '4', '-n', ns]);
  assert.equal(result.code, 2, result.stderr);
  assert.match(result.stderr, /must be odd/);
  assert.match(result.stderr, /nothing was changed/);
  const after = getZooKeeper(ns, NAME);
  assert.equal(after?.metadata.generation, generation);
  assert.equal(after?.spec.replicas, 3);
});

test('scale to 5 is followed until Ready with 5 members, then back to 3', () => {
  const up = zkop(['scale', NAME, '--replicas', '5', '-n', ns, '--timeout', '900'], LONG);
  ok(up, 'zkop scale --replicas 5');
  process.stderr.write(`zkop scale --replicas 5:\n${up.stderr}${up.stdout}`);
  assert.match(up.stdout, /scale to 5 voting members done/);
  assert.match(up.stderr, /Scaling/, 'progress was shown');
  const five = getZooKeeper(ns, NAME);
  assert.equal(conditionOf(five, 'Ready')?.status, 'True');
  assert.equal(five?.status?.observedGeneration, five?.metadata.generation);
  assert.deepEqual(servingIds(five), [1, 2, 3, 4, 5]);
  assert.equal(five?.status?.readyMembers, '5/5');

  const down = zkop(['scale', NAME, '--replicas', '3', '-n', ns, '--timeout', '900'], LONG);
  ok(down, 'zkop scale --replicas 3');
  process.stderr.write(`zkop scale --replicas 3:\n${down.stderr}${down.stdout}`);
  const three = getZooKeeper(ns, NAME);
  assert.equal(conditionOf(three, 'Ready')?.status, 'True');
  assert.deepEqual(servingIds(three), [1, 2, 3]);
  assert.equal(three?.status?.readyMembers, '3/3');
});

test('restart sets a new token and every pod is recreated; the ensemble is Ready again', async () => {
  const pods = ['zk-0', 'zk-1', 'zk-2'];
  const before = new Map(pods.map((p) => [p, podUid(p)]));
  const result = zkop(['restart', NAME, '-n', ns, '--timeout', '420'], LONG);
  const token = getZooKeeper(ns, NAME)?.metadata as { annotations?: Record<string, string> } | undefined;
  assert.ok(token?.annotations?.[RESTART_TOKEN_ANNOTATION], 'the restart token is set');
  ok(result, 'zkop restart');
  process.stderr.write(`zkop restart:\n${result.stderr}${result.stdout}`);
  await waitReady(ns, NAME);
  for (const pod of pods) assert.notEqual(podUid(pod), before.get(pod), `${pod} was recreated`);
});
