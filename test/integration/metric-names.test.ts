/**
 * Every metric zkop's alerts and dashboard read exists in a live scrape: ZooKeeper's in scrapes of
 * real members of 3.8.3 and 3.9.4 (the minors that export metrics), the operator's in the /metrics
 * of zkop's operator process after reconciles (test/support/live-operator.ts). A metric renamed or
 * dropped fails here, not silently in a user's Prometheus. Metrics another exporter provides (the
 * kubelet, Prometheus itself) are listed with where they come from.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { renderContext } from '../../src/platform/kubernetes/render/context.ts';
import { alertRules } from '../../src/platform/kubernetes/render/prometheus-rule.ts';
import { storedZooKeeper } from '../../src/platform/kubernetes/render/testing/test-helpers.ts';
import { renderChart } from '../deploy/helm.ts';
import { CHART_DIR } from '../deploy/manifests.ts';
import { startEnsemble } from '../support/ensemble.ts';
import { startLiveOperator } from '../support/live-operator.ts';
import { scrapeSeriesNames } from '../support/metric-scrape.ts';
import { metricsOf } from '../support/promql-metrics.ts';

const VERSIONS = ['3.8.3', '3.9.4'];

/** Series neither ZooKeeper nor the operator exports, by who does. */
const FROM_ELSEWHERE: Readonly<Record<string, string>> = {
  up: 'Prometheus, for every target',
  kubelet_volume_stats_used_bytes: 'the kubelet',
  kubelet_volume_stats_capacity_bytes: 'the kubelet',
};

interface Panel {
  readonly title: string;
  readonly type: string;
  readonly targets?: { readonly expr: string }[];
}

/** The operator process exports these names; ZooKeeper's members the rest. */
const isOperatorMetric = (name: string) => /^(zkop|nodejs)_/.test(name);

const metricsIn = (exprs: readonly string[]) => new Set(exprs.flatMap((e) => [...metricsOf(e)]));

/** An ensemble's alerts' metrics: the operator's (zkop_) and the members'. */
function ensembleRuleMetrics(): { operator: Set<string>; zookeeper: Set<string> } {
  const ctx = renderContext(storedZooKeeper({ monitoring: { prometheusRule: true } }));
  const names = [...metricsIn(alertRules(ctx).map((r) => r.expr))];
  return {
    operator: new Set(names.filter(isOperatorMetric)),
    zookeeper: new Set(names.filter((n) => !isOperatorMetric(n))),
  };
}

async function chartRuleMetrics(): Promise<Set<string>> {
  const rendered = await renderChart(['metrics.prometheusRule.enabled=true']);
  const rule = rendered.find((m) => m.kind === 'PrometheusRule');
  const groups = (rule?.spec as { groups: { rules: { expr: string }[] }[] } | undefined)?.groups ?? [];
  return metricsIn(groups.flatMap((g) => g.rules.map((r) => r.expr)));
}

/** The dashboard's metrics, split into the operator's (its row and zkop_/nodejs_ names) and the rest. */
function dashboardMetrics(): { operator: Set<string>; zookeeper: Set<string> } {
  const file = join(CHART_DIR, 'files/dashboards/zookeeper.json');
  const { panels } = JSON.parse(readFileSync(file, 'utf8')) as { panels: Panel[] };
  const operator = new Set<string>();
  const zookeeper = new Set<string>();
  let row = '';
  for (const panel of panels) {
    if (panel.type === 'row') row = panel.title;
    for (const name of metricsIn((panel.targets ?? []).map((t) => t.expr))) {
      (row === 'Operator' || isOperatorMetric(name) ? operator : zookeeper).add(name);
    }
  }
  return { operator, zookeeper };
}

const missingFrom = (wanted: Set<string>, exported: Set<string>) =>
  [...wanted].filter((m) => !exported.has(m) && !(m in FROM_ELSEWHERE));

describe('metric names zkop reads, in live scrapes', () => {
  const zookeeper = new Map<string, Set<string>>();
  let operator = new Set<string>();
  const stops: (() => Promise<void>)[] = [];

  before(async () => {
    for (const version of VERSIONS) {
      // Three members, so the leader's own metrics (leader_uptime, synced_followers) are there too.
      const zk = await startEnsemble({ members: 3, version });
      stops.push(() => zk.stop());
      const names = new Set<string>();
      for (const m of zk.members) {
        for (const name of await scrapeSeriesNames(`http://127.0.0.1:${m.metricsPort}/metrics`))
          names.add(name);
      }
      zookeeper.set(version, names);
      await zk.stop();
    }
    const live = await startLiveOperator();
    stops.push(() => live.stop());
    operator = await scrapeSeriesNames(live.metricsUrl);
    await live.stop();
  });
  after(async () => {
    for (const stop of stops) await stop();
  });

  it("an ensemble's alerts read only metrics the members of every version and the operator export", () => {
    const wanted = ensembleRuleMetrics();
    assert.ok(wanted.zookeeper.size >= 10, `found only ${[...wanted.zookeeper].join(', ')}`);
    for (const version of VERSIONS) {
      const exported = zookeeper.get(version) ?? new Set();
      assert.deepEqual(missingFrom(wanted.zookeeper, exported), [], `not in ${version}`);
    }
    assert.deepEqual([...wanted.operator], ['zkop_ensemble_last_backup_timestamp_seconds']);
    assert.deepEqual(missingFrom(wanted.operator, operator), [], 'not in the operator');
  });

  it("the chart's alerts on the operator read only metrics the operator exports", async () => {
    const wanted = await chartRuleMetrics();
    assert.ok(wanted.size >= 5, `found only ${[...wanted].join(', ')}`);
    assert.deepEqual(missingFrom(wanted, operator), []);
  });

  it('the dashboard reads only metrics the members of every version and the operator export', () => {
    const wanted = dashboardMetrics();
    assert.ok(
      wanted.zookeeper.size >= 15 && wanted.operator.size >= 10,
      JSON.stringify([...wanted.operator]),
    );
    for (const version of VERSIONS) {
      const exported = zookeeper.get(version) ?? new Set();
      assert.deepEqual(missingFrom(wanted.zookeeper, exported), [], `not in ${version}`);
    }
    assert.deepEqual(missingFrom(wanted.operator, operator), [], 'not in the operator');
  });
});
