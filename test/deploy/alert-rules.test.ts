/**
 * The alerts of an ensemble's PrometheusRule, run by Prometheus's `promtool test rules` over
 * synthetic series: a healthy ensemble fires none, and each alert fires on the series that should
 * set it off, with the labels and summary it promises, not before its `for:` has passed, and with
 * the thresholds and durations of spec.monitoring.alerts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ZooKeeperSpec } from '../../src/api/spec.ts';
import { renderContext } from '../../src/platform/kubernetes/render/context.ts';
import { renderPrometheusRule } from '../../src/platform/kubernetes/render/prometheus-rule.ts';
import { storedZooKeeper } from '../../src/platform/kubernetes/render/testing/test-helpers.ts';
import { type AlertCheck, type Scenario, testRules } from '../support/promtool.ts';

const PODS = ['zk-0', 'zk-1', 'zk-2'];
const ENSEMBLE = 'ZooKeeper demo/zk';

const member = (metric: string, pod: string, labels = '') =>
  `${metric}{namespace="demo",service="${pod}",zookeeper="zk",pod="${pod}"${labels}}`;
const claim = (metric: string, name: string, namespace = 'demo') =>
  `${metric}{namespace="${namespace}",persistentvolumeclaim="${name}"}`;
/** The operator's series of the ensemble's backup time (backups/backup-age.ts). */
const LAST_BACKUP = 'zkop_ensemble_last_backup_timestamp_seconds{namespace="demo",name="zk"}';
const perMember = (metric: string, values: string, labels = '') =>
  Object.fromEntries(PODS.map((pod) => [member(metric, pod, labels), values]));

/** Twenty minutes (41 samples, one per 30 s) of three members at work with nothing wrong. */
function healthy(): Record<string, string> {
  return {
    ...perMember('up', '1x40'),
    [member('leader_uptime', 'zk-0')]: '0+30000x40',
    [member('synced_followers', 'zk-0')]: '2x40',
    ...perMember('updatelatency_sum', '0+20x40'),
    ...perMember('updatelatency_count', '0+10x40'),
    ...perMember('readlatency_sum', '0+5x40'),
    ...perMember('readlatency_count', '0+10x40'),
    ...perMember('outstanding_requests', '0x40'),
    ...perMember('fsynctime_sum', '0+30x40'),
    ...perMember('fsynctime_count', '0+10x40'),
    ...perMember('open_file_descriptor_count', '100x40'),
    ...perMember('max_file_descriptor_count', '1000x40'),
    ...Object.fromEntries(
      PODS.flatMap((pod) => [
        [claim('kubelet_volume_stats_used_bytes', `data-${pod}`), '10x40'],
        [claim('kubelet_volume_stats_capacity_bytes', `data-${pod}`), '100x40'],
      ]),
    ),
    ...perMember('election_time_count', '1x40'),
    ...perMember('stale_sessions_expired', '0+0.1x40'),
    ...perMember('jvm_memory_bytes_used', '50x40', ',area="heap"'),
    ...perMember('jvm_memory_bytes_max', '100x40', ',area="heap"'),
    ...perMember('jvm_memory_bytes_used', '30x40', ',area="nonheap"'),
    ...perMember('jvm_memory_bytes_max', '-1x40', ',area="nonheap"'),
    [LAST_BACKUP]: '0x40',
  };
}

const quiet = (alert: string, at = '20m'): AlertCheck => ({ alert, at, fires: [] });
const fires = (alert: string, at: string, ...alerts: AlertCheck['fires']): AlertCheck => ({
  alert,
  at,
  fires: alerts,
});
const warning = (summary: string, labels: Record<string, string> = {}) => ({
  labels: { severity: 'warning', namespace: 'demo', zookeeper: 'zk', ...labels },
  summary,
});
const critical = (summary: string, labels: Record<string, string> = {}) => ({
  labels: { severity: 'critical', namespace: 'demo', zookeeper: 'zk', ...labels },
  summary,
});

function rulesOf(spec: Partial<ZooKeeperSpec> = {}) {
  const ctx = renderContext(
    storedZooKeeper({ ...spec, monitoring: { prometheusRule: true, ...spec.monitoring } }),
  );
  const rule = renderPrometheusRule(ctx);
  assert.ok(rule);
  return rule.spec.groups;
}

const ALERTS = rulesOf()[0]?.rules.map((r) => r.alert) ?? [];

const without = (series: Record<string, string>, name: string) => {
  const { [name]: _, ...rest } = series;
  return rest;
};

/** Healthy series with `changed` over them: `alert` is quiet at `quietAt` and fires at `firesAt`. */
const onset = (
  name: string,
  changed: Record<string, string>,
  alert: string,
  [quietAt, firesAt]: [string, string],
  ...expected: AlertCheck['fires']
): Scenario => ({
  name,
  series: { ...healthy(), ...changed },
  checks: [quiet(alert, quietAt), fires(alert, firesAt, ...expected)],
});

const DEFAULT_SCENARIOS: Scenario[] = [
  { name: 'a healthy ensemble', series: healthy(), checks: ALERTS.map((a) => quiet(a)) },
  {
    name: 'no member leads',
    series: without(healthy(), member('leader_uptime', 'zk-0')),
    checks: [
      quiet('ZooKeeperNoLeader', '30s'),
      fires('ZooKeeperNoLeader', '2m', critical(`${ENSEMBLE} has no leader`)),
    ],
  },
  onset(
    'a member stops answering at 5m',
    { [member('up', 'zk-2')]: '1x10 0x30' },
    'ZooKeeperMembersDown',
    ['9m', '11m'],
    warning(`${ENSEMBLE}: fewer than 3 members answer`),
  ),
  onset(
    'the leader has one synced follower left from 5m',
    { [member('synced_followers', 'zk-0')]: '2x10 1x30' },
    'ZooKeeperQuorumAtRisk',
    ['9m', '11m'],
    critical(`${ENSEMBLE}: one more voting member down loses the quorum`),
  ),
  onset(
    'writes to zk-1 and reads from zk-2 take 200 ms',
    { [member('updatelatency_sum', 'zk-1')]: '0+2000x40', [member('readlatency_sum', 'zk-2')]: '0+2000x40' },
    'ZooKeeperHighLatency',
    ['10m', '12m'],
    warning(`${ENSEMBLE}: zk-1 averages more than 100 ms per request`, { pod: 'zk-1' }),
    warning(`${ENSEMBLE}: zk-2 averages more than 100 ms per request`, { pod: 'zk-2' }),
  ),
  onset(
    'zk-2 has 50 requests queued',
    { [member('outstanding_requests', 'zk-2')]: '50x40' },
    'ZooKeeperOutstandingRequests',
    ['4m', '6m'],
    warning(`${ENSEMBLE}: zk-2 has more than 10 requests queued`, { pod: 'zk-2' }),
  ),
  onset(
    'an fsync on zk-0 takes 300 ms',
    { [member('fsynctime_sum', 'zk-0')]: '0+3000x40' },
    'ZooKeeperSlowFsync',
    ['10m', '12m'],
    warning(`${ENSEMBLE}: zk-0 takes more than 100 ms per fsync`, { pod: 'zk-0' }),
  ),
  onset(
    'zk-1 has 900 of 1000 file descriptors open',
    { [member('open_file_descriptor_count', 'zk-1')]: '900x40' },
    'ZooKeeperFileDescriptorsRunningOut',
    ['9m', '11m'],
    warning(`${ENSEMBLE}: zk-1 uses more than 80% of its file descriptors`, { pod: 'zk-1' }),
  ),
  onset(
    "two of the ensemble's volumes fill, and volumes of other ensembles and namespaces",
    {
      [claim('kubelet_volume_stats_used_bytes', 'data-zk-1')]: '85x40',
      [claim('kubelet_volume_stats_used_bytes', 'datalog-zk-2')]: '90x40',
      [claim('kubelet_volume_stats_capacity_bytes', 'datalog-zk-2')]: '100x40',
      [claim('kubelet_volume_stats_used_bytes', 'data-zk2-0')]: '99x40',
      [claim('kubelet_volume_stats_capacity_bytes', 'data-zk2-0')]: '100x40',
      [claim('kubelet_volume_stats_used_bytes', 'data-zk-0', 'other')]: '99x40',
      [claim('kubelet_volume_stats_capacity_bytes', 'data-zk-0', 'other')]: '100x40',
    },
    'ZooKeeperVolumeFilling',
    ['9m', '11m'],
    warning(`${ENSEMBLE}: volume data-zk-1 is more than 80% full`, { persistentvolumeclaim: 'data-zk-1' }),
    warning(`${ENSEMBLE}: volume datalog-zk-2 is more than 80% full`, {
      persistentvolumeclaim: 'datalog-zk-2',
    }),
  ),
  onset(
    'zk-0 goes through an election every five minutes',
    { [member('election_time_count', 'zk-0')]: '1x9 2x9 3x9 4x9 5x4' },
    'ZooKeeperFrequentElections',
    ['10m', '20m'],
    warning(`${ENSEMBLE}: a member went through more than 3 elections in 1h`),
  ),
  onset(
    'forty sessions expire from 10m',
    { [member('stale_sessions_expired', 'zk-0')]: '0x20 2+2x19' },
    'ZooKeeperSessionExpiries',
    ['10m', '20m'],
    warning(`${ENSEMBLE}: more than 10 client sessions expired in 10m`),
  ),
  onset(
    "zk-2's heap is 95% full",
    { [member('jvm_memory_bytes_used', 'zk-2', ',area="heap"')]: '95x40' },
    'ZooKeeperHeapFull',
    ['9m', '11m'],
    warning(`${ENSEMBLE}: zk-2 has used more than 90% of its heap`, { pod: 'zk-2' }),
  ),
  {
    // A sample every 30 s for 28 hours: the last backup completed at 0 and none since.
    name: 'no backup completes for 28 hours',
    series: { [LAST_BACKUP]: '0x3360' },
    checks: [
      quiet('ZooKeeperBackupTooOld', '25h'),
      fires(
        'ZooKeeperBackupTooOld',
        '27h',
        warning(`${ENSEMBLE}: no backup has completed for more than 26 hours`),
      ),
    ],
  },
  {
    name: 'a backup completes every hour',
    series: { [LAST_BACKUP]: Array.from({ length: 28 }, (_, h) => `${h * 3600}x119`).join(' ') },
    checks: [quiet('ZooKeeperBackupTooOld', '27h')],
  },
];

describe('the alerts of an ensemble, under promtool', () => {
  it('every alert has a scenario where it fires and one where it stays quiet', () => {
    const checks = DEFAULT_SCENARIOS.flatMap((s) => s.checks);
    for (const alert of ALERTS) {
      assert.ok(
        checks.some((c) => c.alert === alert && c.fires.length > 0),
        `${alert} never fires`,
      );
      assert.ok(
        checks.some((c) => c.alert === alert && c.fires.length === 0),
        `${alert} is never quiet`,
      );
    }
  });

  it('fire on what sets them off, after their for:, with their labels and summaries', async () => {
    const report = await testRules(rulesOf(), DEFAULT_SCENARIOS);
    assert.match(report, /SUCCESS/);
  });

  it('take their thresholds, durations and windows from spec.monitoring.alerts', async () => {
    const tuned = rulesOf({
      monitoring: {
        alerts: {
          noLeader: { for: '5m' },
          outstandingRequests: { requests: 100 },
          jvmHeap: { percent: 96 },
          leaderElections: { window: '3m' },
          backupAge: { hours: 30 },
        },
      },
    });
    const byName = (name: string) => {
      const scenario = DEFAULT_SCENARIOS.find((s) => s.name === name);
      assert.ok(scenario, name);
      return scenario.series;
    };
    const report = await testRules(tuned, [
      {
        name: 'no leader, noLeader.for 5m',
        series: byName('no member leads'),
        checks: [
          quiet('ZooKeeperNoLeader', '4m'),
          fires('ZooKeeperNoLeader', '6m', critical(`${ENSEMBLE} has no leader`)),
        ],
      },
      {
        name: '50 queued, outstandingRequests.requests 100',
        series: byName('zk-2 has 50 requests queued'),
        checks: [quiet('ZooKeeperOutstandingRequests')],
      },
      {
        name: 'heap 95% full, jvmHeap.percent 96',
        series: byName("zk-2's heap is 95% full"),
        checks: [quiet('ZooKeeperHeapFull')],
      },
      {
        name: 'no backup for 28 hours, backupAge.hours 30',
        series: byName('no backup completes for 28 hours'),
        checks: [quiet('ZooKeeperBackupTooOld', '27h')],
      },
      {
        name: 'an election every five minutes, counted over 3m',
        series: byName('zk-0 goes through an election every five minutes'),
        checks: [quiet('ZooKeeperFrequentElections')],
      },
    ]);
    assert.match(report, /SUCCESS/);
  });
});
