/**
 * The chart's alerts on the operator, run by `promtool test rules` over synthetic series of the
 * operator's metrics as its ServiceMonitor scrapes them (job `<release>-metrics`, honorLabels):
 * quiet while all is well, each firing on what should set it off, with the values' thresholds.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type AlertCheck, type RuleGroup, type Scenario, testRules } from '../support/promtool.ts';
import { renderChart } from './helm.ts';

const JOB = 'job="zkop-metrics"';
const replica = (pod: string) => `zkop_leader{${JOB},namespace="zkop-system",pod="${pod}"}`;
const ofZk = (metric: string, extra = '') => `${metric}{${JOB},namespace="demo",name="zk"${extra}}`;
const ZK = { job: 'zkop-metrics', namespace: 'demo', name: 'zk' };
const MEMBERS = ',certificate="members"';
const DAY = 86_400;

/** Seventy minutes, one sample every 30 s, of a leading operator and a Ready ensemble reconciled just now. */
function healthy(): Record<string, string> {
  return {
    [replica('zkop-a')]: '1x140',
    [replica('zkop-b')]: '0x140',
    [ofZk('zkop_ensemble_reconcile_errors_total')]: '0x140',
    // Seconds since the epoch, which is where promtool's time starts.
    [ofZk('zkop_ensemble_last_successful_reconcile_timestamp_seconds')]: '0+30x140',
    [ofZk('zkop_ensemble_ready')]: '1x140',
    [ofZk('zkop_ensemble_certificate_expiration_timestamp_seconds', MEMBERS)]: `${90 * DAY}x140`,
    [ofZk('zkop_ensemble_certificate_renewal_timestamp_seconds', MEMBERS)]: `${60 * DAY}x140`,
  };
}

const quiet = (alert: string, at = '65m'): AlertCheck => ({ alert, at, fires: [] });
const onset = (
  name: string,
  changed: Record<string, string>,
  alert: string,
  [quietAt, firesAt]: [string, string],
  labels: Record<string, string>,
  summary: string,
): Scenario => ({
  name,
  series: { ...healthy(), ...changed },
  checks: [quiet(alert, quietAt), { alert, at: firesAt, fires: [{ labels, summary }] }],
});

async function chartRules(set: readonly string[] = []): Promise<{ groups: RuleGroup[]; alerts: string[] }> {
  const rendered = await renderChart(['metrics.prometheusRule.enabled=true', ...set]);
  const rule = rendered.find((m) => m.kind === 'PrometheusRule');
  assert.ok(rule, 'no PrometheusRule rendered');
  const groups = (rule.spec as { groups: RuleGroup[] }).groups;
  return { groups, alerts: groups.flatMap((g) => g.rules.map((r) => r.alert)) };
}

const warning = (labels: Record<string, string>) => ({ ...labels, severity: 'warning' });

const SCENARIOS: Scenario[] = [
  onset(
    'no replica leads from 2m',
    { [replica('zkop-a')]: '1x4 0x136' },
    'ZkopNotLeading',
    ['6m', '8m'],
    { severity: 'critical' },
    'No zkop replica in zkop-system leads: no ensemble is reconciled',
  ),
  {
    name: 'no replica answers at all',
    series: { [ofZk('zkop_ensemble_ready')]: '1x20' },
    checks: [
      {
        alert: 'ZkopNotLeading',
        at: '6m',
        fires: [
          {
            labels: { severity: 'critical' },
            summary: 'No zkop replica in zkop-system leads: no ensemble is reconciled',
          },
        ],
      },
    ],
  },
  onset(
    'every reconcile of demo/zk fails',
    { [ofZk('zkop_ensemble_reconcile_errors_total')]: '0+1x140' },
    'ZkopReconcileErrors',
    ['14m', '17m'],
    warning({ namespace: 'demo', name: 'zk' }),
    'zkop keeps failing to reconcile ZooKeeper demo/zk',
  ),
  onset(
    'demo/zk was last reconciled at 1m',
    { [ofZk('zkop_ensemble_last_successful_reconcile_timestamp_seconds')]: '60x140' },
    'ZkopEnsembleNotReconciled',
    ['15m', '17m'],
    warning(ZK),
    'ZooKeeper demo/zk was not reconciled for 900 s',
  ),
  onset(
    'a restart of demo/zk began at 0',
    { [ofZk('zkop_ensemble_operation_start_time_seconds', ',operation="Restart"')]: '0x140' },
    'ZkopOperationTooLong',
    ['59m', '61m'],
    warning({ ...ZK, operation: 'Restart' }),
    'ZooKeeper demo/zk: Restart has gone on for more than 3600 s',
  ),
  onset(
    'demo/zk is not Ready',
    { [ofZk('zkop_ensemble_ready')]: '0x140' },
    'ZkopEnsembleNotReady',
    ['29m', '31m'],
    warning(ZK),
    'ZooKeeper demo/zk is not Ready',
  ),
  onset(
    "demo/zk's members certificate expires 14 days and 30 minutes from the start",
    {
      [ofZk('zkop_ensemble_certificate_expiration_timestamp_seconds', MEMBERS)]: `${14 * DAY + 1800}x140`,
    },
    'ZkopCertificateExpiresSoon',
    ['29m', '31m'],
    warning({ ...ZK, certificate: 'members' }),
    'ZooKeeper demo/zk: the members certificate expires within 14 days',
  ),
  onset(
    "demo/zk's members certificate was due for renewal at the start and is not renewed",
    { [ofZk('zkop_ensemble_certificate_renewal_timestamp_seconds', MEMBERS)]: '0x140' },
    'ZkopCertificateRenewalOverdue',
    ['59m', '61m'],
    warning({ ...ZK, certificate: 'members' }),
    'ZooKeeper demo/zk: zkop has not renewed the members certificate 3600 s after it was due',
  ),
];

describe("the chart's alerts on the operator, under promtool", () => {
  it('are quiet while all is well and each fires on what sets it off', async () => {
    const { groups, alerts } = await chartRules();
    const fired = new Set(
      SCENARIOS.flatMap((s) => s.checks.filter((c) => c.fires.length > 0).map((c) => c.alert)),
    );
    assert.deepEqual(
      alerts.filter((a) => !fired.has(a)),
      [],
      'alerts without a scenario that fires them',
    );
    const everyQuiet = { name: 'all is well', series: healthy(), checks: alerts.map((a) => quiet(a)) };
    assert.match(await testRules(groups, [everyQuiet, ...SCENARIOS]), /SUCCESS/);
  });

  it('take their thresholds and durations from the values', async () => {
    const { groups } = await chartRules([
      'metrics.prometheusRule.alerts.operationTooLong.seconds=600',
      'metrics.prometheusRule.alerts.notReady.for=5m',
    ]);
    const report = await testRules(groups, [
      onset(
        'a restart of demo/zk began at 0, operationTooLong.seconds 600',
        { [ofZk('zkop_ensemble_operation_start_time_seconds', ',operation="Restart"')]: '0x140' },
        'ZkopOperationTooLong',
        ['9m', '11m'],
        warning({ ...ZK, operation: 'Restart' }),
        'ZooKeeper demo/zk: Restart has gone on for more than 600 s',
      ),
      onset(
        'demo/zk is not Ready, notReady.for 5m',
        { [ofZk('zkop_ensemble_ready')]: '0x140' },
        'ZkopEnsembleNotReady',
        ['4m', '6m'],
        warning(ZK),
        'ZooKeeper demo/zk is not Ready',
      ),
    ]);
    assert.match(report, /SUCCESS/);
  });
});
