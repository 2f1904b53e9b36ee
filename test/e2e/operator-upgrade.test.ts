/**
 * Upgrading and uninstalling zkop leaves ZooKeeper alone. The operator of the previous commit
 * (previous-operator.ts: its chart, and its image built with Buildah from its Containerfile) creates a 3-member ensemble; `helm upgrade` to the
 * current build under a writer restarts no member when what members read at start is the same, and
 * rolls them leader last when it is not; `helm uninstall` leaves the ensemble serving, and installing again
 * adopts it without restarting a member.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { CONFIG_HASH_ANNOTATION } from '../../src/platform/kubernetes/render/index.ts';
import { kubectl, kubectlOk, script, waitFor } from '../cluster/cluster.ts';
import { startClusterWriter } from '../cluster/in-cluster.ts';
import { assertWriterKeptEverything, type Writer } from '../support/zookeeper-load.ts';
import { clientServers, memberPods, type PodView, sampleLeaders } from './ensemble-probe.ts';
import {
  activeOperatorPod,
  applyZooKeeper,
  conditionOf,
  deleteNamespace,
  getZooKeeper,
  helm,
  installOperator,
  OPERATOR_NAMESPACE,
  podAddress,
  RELEASE,
  SMALL_SPEC,
  testNamespace,
  waitReady,
} from './operator-install.ts';
import { buildPreviousOperator, PREVIOUS_TAG, type PreviousOperator } from './previous-operator.ts';

const NAME = 'zk';
const CRD = 'zookeepers.zookeeper.zkop.dev';
let ns = '';
let previous: PreviousOperator;
const log = (line: string) => process.stderr.write(`${line}\n`);

before(async () => {
  installOperator();
  previous = await buildPreviousOperator();
  script('load-image.sh', previous.archive);
  ns = testNamespace('zkop-e2e-upgrade');
});

after(() => {
  if (ns) deleteNamespace(ns);
});

const clientService = () => `${NAME}-client.${ns}.svc.cluster.local:2181`;
/** What members read at start, as the StatefulSet's pod template says it (render/metadata.ts). */
const templateConfigHash = () =>
  kubectlOk([
    '-n',
    ns,
    'get',
    'statefulset',
    NAME,
    '-o',
    `jsonpath={.spec.template.metadata.annotations.${CONFIG_HASH_ANNOTATION.replaceAll('.', '\\.')}}`,
  ]);
const podConfigHashes = () =>
  [...memberPods(ns, NAME).values()].map((p) => p.annotations[CONFIG_HASH_ANNOTATION]);

/**
 * Waits until the operator that holds the Lease, running the current build (not the image tagged
 * `previous`), reports the ensemble Ready on its /metrics; that pod's name.
 */
async function reconciledByCurrentOperator(): Promise<string> {
  return waitFor(
    'the current operator to lead and reconcile the ensemble',
    180_000,
    async () => {
      let pod: string;
      try {
        pod = activeOperatorPod();
      } catch {
        return undefined;
      }
      const image = kubectl([
        '-n',
        OPERATOR_NAMESPACE,
        'get',
        'pod',
        pod,
        '-o',
        'jsonpath={.spec.containers[0].image}',
      ]);
      if (image.code !== 0 || image.stdout.endsWith(`:${PREVIOUS_TAG}`)) return undefined;
      const metrics = await fetch(`http://${podAddress(OPERATOR_NAMESPACE, pod)}:8080/metrics`)
        .then((r) => r.text())
        .catch(() => '');
      return metrics.includes(`zkop_ensemble_ready{namespace="${ns}",name="${NAME}"} 1`) ? pod : undefined;
    },
    2000,
  );
}

/** Samples the ZooKeeper's Ready condition every second until stopped; the samples that were not True. */
function sampleReady(): { stop(): Promise<string[]> } {
  const notReady: string[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const ready = conditionOf(getZooKeeper(ns, NAME), 'Ready');
      if (ready?.status !== 'True') notReady.push(`${ready?.status}: ${ready?.message ?? ''}`);
      await new Promise((r) => setTimeout(r, 1000));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return notReady;
    },
  };
}

async function finish(writer: Writer, path: string): Promise<void> {
  const servers = clientServers(ns, NAME, [...memberPods(ns, NAME).keys()]);
  await assertWriterKeptEverything(await writer.stop(), servers, path, log);
}

function assertUntouched(before: Map<string, PodView>, what: string): void {
  const after = memberPods(ns, NAME);
  assert.equal(after.size, before.size);
  for (const [name, pod] of before) {
    assert.equal(after.get(name)?.uid, pod.uid, `${what}: ${name} was not replaced`);
    assert.equal(after.get(name)?.restarts, pod.restarts, `${what}: ${name} did not restart`);
  }
}

test('the previous operator, installed from its own chart, creates a 3-member ensemble', async () => {
  helm(
    'upgrade',
    '--install',
    RELEASE,
    previous.chart,
    '--namespace',
    OPERATOR_NAMESPACE,
    '--set-string',
    `image.tag=${PREVIOUS_TAG}`,
    '--wait',
    '--timeout',
    '3m',
  );
  kubectlOk(['-n', OPERATOR_NAMESPACE, 'rollout', 'status', `deployment/${RELEASE}`, '--timeout=180s']);
  applyZooKeeper(ns, NAME, { ...SMALL_SPEC, replicas: 3 });
  await waitReady(ns, NAME);
  log(`created by the operator of commit ${previous.commit}`);
});

test('upgrading zkop under a writer: no member restarts unless what it reads at start changes, and then leader last', async () => {
  const podsBefore = memberPods(ns, NAME);
  const hashBefore = templateConfigHash();
  const leaderBefore = getZooKeeper(ns, NAME)?.status?.leader;
  assert.ok(leaderBefore, 'a leader before the upgrade');
  const path = '/e2e-operator-upgrade';
  const writer = await startClusterWriter(clientService(), path);
  const leaders = sampleLeaders(ns, NAME);
  const ready = sampleReady();
  installOperator();
  const pod = await reconciledByCurrentOperator();
  // Members restart for what they read at start (zoo.cfg, JVM flags, logging), their image or a
  // restart token; the rest of the pod template is zkop's bookkeeping and reaches no running member.
  const hash = templateConfigHash();
  const changed = hash !== hashBefore;
  if (changed) {
    await waitFor(
      'every member to run with the new config hash',
      600_000,
      () => (podConfigHashes().every((h) => h === hash) ? true : undefined),
      2000,
    );
    await waitReady(ns, NAME, 600_000);
  }
  const notReady = await ready.stop();
  const seen = await leaders.stop();
  await finish(writer, path);
  log(
    `upgraded to the current build (${pod}); what members read at start ${changed ? 'changed' : 'did not change'}`,
  );
  if (!changed) {
    assertUntouched(podsBefore, 'an upgrade that does not change the pods');
    assert.deepEqual(notReady, [], 'the ensemble stayed Ready throughout');
    assert.deepEqual(seen, [leaderBefore], 'the leader stayed');
    return;
  }
  const podsAfter = memberPods(ns, NAME);
  const order = [...podsAfter.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  for (const p of order) assert.notEqual(p.uid, podsBefore.get(p.name)?.uid, `${p.name} was rolled`);
  assert.equal(order.at(-1)?.name, leaderBefore, 'the leader was restarted last');
  assert.equal(seen.length, 2, `one leader change (leaders seen: ${seen.join(' -> ')})`);
});

test('uninstalling zkop leaves the ensemble serving; installing it again adopts the ensemble without a restart', async () => {
  const podsBefore = memberPods(ns, NAME);
  const path = '/e2e-operator-uninstall';
  const writer = await startClusterWriter(clientService(), path);
  helm('uninstall', RELEASE, '--namespace', OPERATOR_NAMESPACE, '--wait', '--timeout', '3m');
  await waitFor(
    'the operator pods to be gone',
    120_000,
    () =>
      kubectlOk(['-n', OPERATOR_NAMESPACE, 'get', 'pods', '-o', 'name']).trim() === '' ? true : undefined,
    1000,
  );
  assert.equal(kubectl(['get', 'crd', CRD]).code, 0, 'the CRD stays');
  assert.ok(getZooKeeper(ns, NAME), 'the ZooKeeper object stays');
  // A while without any operator: the members serve on their own.
  await new Promise((r) => setTimeout(r, 10_000));
  assertUntouched(podsBefore, 'without an operator');

  installOperator();
  await reconciledByCurrentOperator();
  await finish(writer, path);
  assertUntouched(podsBefore, 'after installing again');
  await waitReady(ns, NAME);
});
