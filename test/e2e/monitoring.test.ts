/**
 * zkop's monitors read by a real Prometheus, run by the real Prometheus Operator, both in the test
 * cluster (prometheus-stack.ts): the chart's ServiceMonitor and PrometheusRule and an ensemble's make
 * every member and the operator `up` targets and load their rule groups without an error; a member
 * whose pod is gone and cannot come back (its node cordoned, its volume there) sets off
 * ZooKeeperMembersDown and, a follower being one of three voters, ZooKeeperQuorumAtRisk, each after
 * the short `for:` the spec gives it; both resolve once the member is back
 * (docs/adr/0124-prometheus-on-the-test-cluster.md).
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { clusterUp, kubectl, kubectlOk, root } from '../cluster/cluster.ts';
import {
  type ActiveAlert,
  activeAlerts,
  activeTargets,
  pollUntil,
  query,
  type RuleGroup,
  ruleGroups,
  type Target,
} from '../support/prometheus-api.ts';
import { memberPods } from './ensemble-probe.ts';
import {
  applyZooKeeper,
  deleteNamespace,
  helm,
  installOperator,
  OPERATOR_NAMESPACE,
  RELEASE,
  SMALL_SPEC,
  testNamespace,
  waitReady,
} from './operator-install.ts';
import {
  clusterRoleNames,
  installCrds,
  installPrometheus,
  installPrometheusOperator,
  loadPrometheusImages,
  prometheusUrl,
} from './prometheus-stack.ts';

const NAME = 'zk';
/** Short enough for a test, longer than a scrape interval (30 s) so a single failed scrape does not fire. */
const FOR_SECONDS = 40;
const FOR = `${FOR_SECONDS}s`;
const log = (line: string) => process.stderr.write(`${line}\n`);
const seconds = (since: number) => Math.round((performance.now() - since) / 1000);
const CHART_MONITORS = [
  '--set',
  'metrics.serviceMonitor.enabled=true',
  '--set',
  'metrics.prometheusRule.enabled=true',
];

let ns = '';
let monitoring = '';
let installedCrds: string[] = [];
let cordoned = '';
let prometheus = '';

before(async () => {
  const started = performance.now();
  clusterUp();
  const images = loadPrometheusImages();
  log(`Prometheus stack images built and loaded after ${seconds(started)} s`);
  installedCrds = installCrds(images.crdDir);
  monitoring = `zkop-e2e-prom-${Math.random().toString(16).slice(2, 8)}`;
  kubectlOk(['create', 'namespace', monitoring]);
  installPrometheusOperator(monitoring, images);
  installOperator(['3.9.4'], CHART_MONITORS);
  ns = testNamespace('zkop-e2e-mon');
  await installPrometheus(monitoring, images, [ns, OPERATOR_NAMESPACE]);
  prometheus = prometheusUrl(monitoring);
  log(`Prometheus Operator, zkop and Prometheus running after ${seconds(started)} s`);
  applyZooKeeper(ns, NAME, {
    ...SMALL_SPEC,
    replicas: 3,
    monitoring: {
      serviceMonitor: true,
      prometheusRule: true,
      alerts: { membersDown: { for: FOR }, quorumAtRisk: { for: FOR } },
    },
  });
  await waitReady(ns, NAME, 600_000);
  log(`ensemble Ready after ${seconds(started)} s`);
});

/** Runs every cleanup step, logging (not throwing) what fails, so one failure leaves the rest done. */
const attempt = (what: string, step: () => unknown) => {
  try {
    step();
  } catch (error) {
    log(`cleanup: ${what} failed: ${(error as Error).message}`);
  }
};

after(() => {
  if (cordoned) attempt(`uncordon ${cordoned}`, () => kubectlOk(['uncordon', cordoned]));
  if (ns) attempt(`delete ${ns}`, () => deleteNamespace(ns));
  // The release must stop naming monitoring kinds before their CRDs go, or Helm cannot read it again.
  attempt("turn the chart's monitors off", () =>
    helm(
      'upgrade',
      RELEASE,
      join(root, 'deploy', 'helm', 'zkop'),
      '--namespace',
      OPERATOR_NAMESPACE,
      '--reuse-values',
      '--set',
      'metrics.serviceMonitor.enabled=false',
      '--set',
      'metrics.prometheusRule.enabled=false',
    ),
  );
  if (monitoring) {
    kubectl(['delete', 'namespace', monitoring, '--wait=true', '--timeout=180s'], undefined, 200_000);
    kubectl(['delete', 'clusterrolebinding,clusterrole', ...clusterRoleNames(monitoring)]);
  }
  for (const crd of installedCrds) kubectl(['delete', 'crd', crd, '--wait=true', '--timeout=120s']);
});

const isMember = (t: Target) => t.labels.namespace === ns && t.labels.zookeeper === NAME;
const isOperator = (t: Target) =>
  t.labels.namespace === OPERATOR_NAMESPACE && t.labels.service === `${RELEASE}-metrics`;

test('every member and the operator are up targets of Prometheus', async () => {
  const started = performance.now();
  const targets = await pollUntil(
    'three member targets and the operator up',
    async () => (await activeTargets(prometheus)).filter((t) => isMember(t) || isOperator(t)),
    (found) =>
      found.filter(isMember).length === 3 && found.some(isOperator) && found.every((t) => t.health === 'up'),
    180_000,
  );
  log(
    `every target up ${seconds(started)} s after the ensemble was Ready: ${targets.map((t) => t.scrapeUrl).join(' ')}`,
  );
  assert.deepEqual(
    targets
      .filter(isMember)
      .map((t) => t.labels.pod)
      .sort(),
    [`${NAME}-0`, `${NAME}-1`, `${NAME}-2`],
  );
  // honorLabels: the operator's per-ensemble series keep the ensemble's namespace. Its target may
  // have last been scraped before the ensemble was Ready (0); a later scrape says 1.
  const ready = await pollUntil(
    "the operator's zkop_ensemble_ready of the ensemble to say 1",
    () => query(prometheus, `zkop_ensemble_ready{namespace="${ns}",name="${NAME}"}`),
    (samples) => samples.some((s) => s.value === 1),
    90_000,
  );
  assert.deepEqual(
    ready.map((s) => s.value),
    [1],
    'one series: only the operator replica that leads reports ensembles',
  );
});

const isEnsembleGroup = (g: RuleGroup) => g.name === `zookeeper.${ns}.${NAME}`;
/** The Prometheus Operator names a rule file after the PrometheusRule's namespace and name. */
const isChartGroup = (g: RuleGroup) => g.file.includes(`/${OPERATOR_NAMESPACE}-${RELEASE}`);

test("the chart's and the ensemble's rule groups load and evaluate without an error", async () => {
  const groups = await pollUntil(
    "the ensemble's and the chart's rule groups evaluated",
    async () => (await ruleGroups(prometheus)).filter((g) => isEnsembleGroup(g) || isChartGroup(g)),
    (found) =>
      found.some(isEnsembleGroup) &&
      found.some(isChartGroup) &&
      found.every((g) => g.rules.every((r) => r.health !== 'unknown')),
    120_000,
  );
  for (const group of groups) {
    for (const rule of group.rules) {
      assert.equal(rule.health, 'ok', `${group.name}/${rule.name}: ${rule.lastError}`);
    }
  }
  const ensembleRules = groups.find(isEnsembleGroup)?.rules.map((r) => r.name);
  assert.ok(ensembleRules?.includes('ZooKeeperMembersDown'));
  assert.ok(ensembleRules?.includes('ZooKeeperQuorumAtRisk'));
  log(`rule groups: ${groups.map((g) => `${g.name} (${g.rules.length} rules)`).join(', ')}`);
});

test('a member that is gone fires ZooKeeperMembersDown and ZooKeeperQuorumAtRisk; both resolve once it is back', async () => {
  const zk = await waitReady(ns, NAME);
  const follower = [...memberPods(ns, NAME).values()].find((p) => p.name !== zk.status?.leader);
  assert.ok(follower?.node, 'a follower with a node');
  // An alert that went pending while the targets were still being discovered clears at the next
  // evaluation after every member is up.
  await pollUntil('no alert before the member goes', ensembleAlerts, (alerts) => alerts.length === 0, 60_000);
  // Its volume is on its node: with the node cordoned, the deleted pod cannot start anywhere.
  cordoned = follower.node;
  kubectlOk(['cordon', cordoned]);
  kubectlOk(['-n', ns, 'delete', 'pod', follower.name, '--wait=false']);
  const gone = performance.now();
  const firing = await pollUntil(
    'ZooKeeperMembersDown and ZooKeeperQuorumAtRisk firing',
    async () => (await ensembleAlerts()).filter((a) => a.state === 'firing'),
    (alerts) => MEMBER_ALERTS.every((name) => alerts.some((a) => a.labels.alertname === name)),
    300_000,
  );
  log(`firing ${seconds(gone)} s after the member went (for: ${FOR}): ${firing.map(describe).join('; ')}`);
  const membersDown = firing.find((a) => a.labels.alertname === 'ZooKeeperMembersDown');
  assert.equal(membersDown?.labels.severity, 'warning');
  assert.match(membersDown?.annotations.summary ?? '', /fewer than 3 members answer/);
  const quorumAtRisk = firing.find((a) => a.labels.alertname === 'ZooKeeperQuorumAtRisk');
  assert.equal(quorumAtRisk?.labels.severity, 'critical');
  for (const alert of firing) {
    const pendingFor = (Date.now() - Date.parse(alert.activeAt)) / 1000;
    assert.ok(
      pendingFor >= FOR_SECONDS,
      `${alert.labels.alertname} fired before its for: (pending ${pendingFor} s)`,
    );
  }

  kubectlOk(['uncordon', cordoned]);
  cordoned = '';
  const back = performance.now();
  await waitReady(ns, NAME, 300_000);
  log(`member back and Ready ${seconds(back)} s after the uncordon`);
  await pollUntil('the alerts to resolve', ensembleAlerts, (alerts) => alerts.length === 0, 180_000);
  log(`alerts resolved ${seconds(back)} s after the uncordon`);
});

const MEMBER_ALERTS = ['ZooKeeperMembersDown', 'ZooKeeperQuorumAtRisk'];

/** The ensemble's active alerts, by the labels every alert of an ensemble carries. */
const ensembleAlerts = async () =>
  (await activeAlerts(prometheus)).filter((a) => a.labels.namespace === ns && a.labels.zookeeper === NAME);

const describe = (a: ActiveAlert) => `${a.labels.alertname} ${a.state} since ${a.activeAt}`;
