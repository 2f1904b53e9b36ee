/**
 * A real Prometheus server scrapes a live 3-member ensemble (3.9.4) every second with the labels a
 * ServiceMonitor's targets carry (namespace, service, zookeeper, pod), and evaluates the alerts zkop renders
 * into an ensemble's PrometheusRule: every member is up, the metrics the alerts and dashboard read
 * come back through PromQL with those labels, no alert is active on a healthy ensemble, and when a
 * follower stops Prometheus sees its target down and the members-down and quorum-at-risk alerts
 * fire (their `for:` shortened through spec.monitoring.alerts), not the no-leader one.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { renderContext } from '../../src/platform/kubernetes/render/context.ts';
import { renderPrometheusRule } from '../../src/platform/kubernetes/render/prometheus-rule.ts';
import { ENSEMBLE_LABEL } from '../../src/platform/kubernetes/render/service-monitor.ts';
import { storedZooKeeper } from '../../src/platform/kubernetes/render/testing/test-helpers.ts';
import { startEnsemble, type TestEnsemble } from '../support/ensemble.ts';
import { type ActiveAlert, activeAlerts, pollUntil, query, type Sample } from '../support/prometheus-api.ts';
import { type PrometheusServer, startPrometheus } from '../support/prometheus-server.ts';

const VERSION = '3.9.4';
const WAIT_MS = 20_000;
/** Alerts on members and the leader, the ones stopping a follower sets off or must not. */
const MEMBER_ALERTS = ['ZooKeeperMembersDown', 'ZooKeeperQuorumAtRisk', 'ZooKeeperNoLeader'];

const ctx = renderContext(
  storedZooKeeper({
    replicas: 3,
    monitoring: {
      prometheusRule: true,
      alerts: { membersDown: { for: '2s' }, quorumAtRisk: { for: '2s' } },
    },
  }),
);
const rule = renderPrometheusRule(ctx);
const { namespace } = ctx;
const sel = `{namespace="${namespace}",${ENSEMBLE_LABEL}="${ctx.name}"}`;
const podOf = (id: number) => `${ctx.names.statefulSet}-${id - 1}`;

const byPod = (samples: readonly Sample[]) =>
  Object.fromEntries(samples.map((s) => [s.labels.pod, s.value] as const));
const memberAlerts = (alerts: readonly ActiveAlert[]) =>
  alerts.filter((a) => MEMBER_ALERTS.includes(a.labels.alertname ?? ''));

describe(`a real Prometheus scraping a live ${VERSION} ensemble`, () => {
  let zk: TestEnsemble;
  let prometheus: PrometheusServer;
  const pods: string[] = [];

  before(async () => {
    assert.ok(rule);
    zk = await startEnsemble({ members: 3, version: VERSION });
    for (const m of zk.members) pods.push(podOf(m.id));
    prometheus = await startPrometheus({
      targets: zk.members.map((m) => ({
        address: `127.0.0.1:${m.metricsPort}`,
        labels: { namespace, service: podOf(m.id), [ENSEMBLE_LABEL]: ctx.name, pod: podOf(m.id) },
      })),
      ruleGroups: rule.spec.groups,
    });
  });
  after(async () => {
    await prometheus?.stop();
    await zk?.stop();
  });

  it('scrapes every member (up == 1) and loaded the rendered alert rules', async () => {
    const up = await pollUntil(
      'up == 1 for every member',
      () => query(prometheus.url, `up${sel} == 1`),
      (s) => s.length === 3,
      WAIT_MS,
    );
    assert.deepEqual(up.map((s) => s.labels.pod).sort(), pods);
    const groups = (await (await fetch(`${prometheus.url}/api/v1/rules`)).json()) as {
      data: { groups: { rules: { name: string; health: string }[] }[] };
    };
    const loaded = groups.data.groups.flatMap((g) => g.rules);
    assert.deepEqual(
      loaded.map((r) => r.name),
      rule?.spec.groups[0]?.rules.map((r) => r.alert),
    );
    await pollUntil(
      'every rule evaluated without error',
      async () => {
        const body = (await (await fetch(`${prometheus.url}/api/v1/rules`)).json()) as typeof groups;
        return body.data.groups.flatMap((g) => g.rules.map((r) => r.health));
      },
      (health) => health.every((h) => h === 'ok'),
      WAIT_MS,
    );
  });

  it('returns the metrics the alerts and dashboard read, labelled as the alerts select and group', async () => {
    const leaders = await pollUntil(
      'one member with leader_uptime',
      () => query(prometheus.url, `leader_uptime${sel}`),
      (s) => s.length === 1,
      WAIT_MS,
    );
    assert.ok(pods.includes(leaders[0]?.labels.pod ?? ''), JSON.stringify(leaders));
    const synced = await pollUntil(
      'the leader syncing two followers',
      () => query(prometheus.url, `max(synced_followers${sel})`),
      (s) => s[0]?.value === 2,
      WAIT_MS,
    );
    assert.equal(synced.length, 1);
    for (const metric of ['quorum_size', 'znode_count', 'global_sessions', 'outstanding_requests']) {
      const samples = await query(prometheus.url, `max by (pod) (${metric}${sel})`);
      assert.deepEqual(Object.keys(byPod(samples)).sort(), pods, metric);
    }
    const quorumSize = byPod(await query(prometheus.url, `quorum_size${sel}`));
    assert.deepEqual(Object.values(quorumSize), [3, 3, 3]);
    const znodes = await query(prometheus.url, `znode_count${sel}`);
    assert.ok(
      znodes.every((s) => s.value >= 4),
      `every member holds at least /, /zookeeper and its config and quota nodes: ${JSON.stringify(znodes)}`,
    );
    const heap = await query(prometheus.url, `jvm_memory_bytes_used{namespace="${namespace}",area="heap"}`);
    assert.equal(heap.length, 3);
    await pollUntil(
      'no member alert active on a healthy ensemble',
      async () => memberAlerts(await activeAlerts(prometheus.url)),
      (a) => a.length === 0,
      WAIT_MS,
    );
  });

  it('sees a stopped follower down and fires the members-down and quorum-at-risk alerts', async () => {
    const [leader] = await query(prometheus.url, `leader_uptime${sel}`);
    const follower = zk.members.find((m) => podOf(m.id) !== leader?.labels.pod);
    assert.ok(follower);
    const pod = podOf(follower.id);
    await zk.stopMember(follower.id);
    const down = await pollUntil(
      `up == 0 for ${pod}`,
      () => query(prometheus.url, `up${sel} == 0`),
      (s) => s.length === 1,
      WAIT_MS,
    );
    assert.equal(down[0]?.labels.pod, pod);
    const alerts = await pollUntil(
      'members-down and quorum-at-risk firing',
      async () => memberAlerts(await activeAlerts(prometheus.url)),
      (a) => a.filter((x) => x.state === 'firing').length >= 2,
      WAIT_MS,
    );
    assert.deepEqual(
      alerts.map((a) => [a.labels.alertname, a.state, a.labels.severity]).sort(),
      [
        ['ZooKeeperMembersDown', 'firing', 'warning'],
        ['ZooKeeperQuorumAtRisk', 'firing', 'critical'],
      ],
      prometheus.logTail(),
    );
  });
});
