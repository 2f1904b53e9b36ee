/**
 * Every ZooKeeper metric zkop's alerts read exists in a live scrape of real members of each
 * supported minor that exports metrics (3.8.3, 3.9.4): a metric renamed or dropped by ZooKeeper
 * fails here, not silently in a user's Prometheus. Metrics some other exporter provides (the
 * kubelet, Prometheus itself) are listed with where they come from.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { renderContext } from '../../src/platform/kubernetes/render/context.ts';
import { alertRules } from '../../src/platform/kubernetes/render/prometheus-rule.ts';
import { storedZooKeeper } from '../../src/platform/kubernetes/render/testing/test-helpers.ts';
import { startEnsemble, type TestEnsemble } from '../support/ensemble.ts';
import { scrapeSeriesNames } from '../support/metric-scrape.ts';
import { metricsOf } from '../support/promql-metrics.ts';

const VERSIONS = ['3.8.3', '3.9.4'];

/** Series no ZooKeeper member exports, by who does. */
const FROM_ELSEWHERE: Readonly<Record<string, string>> = {
  up: 'Prometheus, for every target',
  kubelet_volume_stats_used_bytes: 'the kubelet',
  kubelet_volume_stats_capacity_bytes: 'the kubelet',
};

const ruleMetrics = () => {
  const ctx = renderContext(storedZooKeeper({ monitoring: { prometheusRule: true } }));
  return new Set(alertRules(ctx).flatMap((r) => [...metricsOf(r.expr)]));
};

describe('metric names zkop reads, in live scrapes of ZooKeeper members', () => {
  const scraped = new Map<string, Set<string>>();
  const ensembles: TestEnsemble[] = [];

  before(async () => {
    for (const version of VERSIONS) {
      // Three members, so the leader's own metrics (leader_uptime, synced_followers) are there too.
      const zk = await startEnsemble({ members: 3, version });
      ensembles.push(zk);
      const names = new Set<string>();
      for (const m of zk.members) {
        for (const name of await scrapeSeriesNames(`http://127.0.0.1:${m.metricsPort}/metrics`))
          names.add(name);
      }
      scraped.set(version, names);
      await zk.stop();
    }
  });
  after(async () => {
    for (const zk of ensembles) await zk.stop();
  });

  it('the alerts read only metrics the members export, in every version', () => {
    const wanted = ruleMetrics();
    assert.ok(wanted.size >= 10, `found only ${[...wanted].join(', ')}`);
    for (const version of VERSIONS) {
      const exported = scraped.get(version) ?? new Set();
      const missing = [...wanted].filter((m) => !exported.has(m) && !(m in FROM_ELSEWHERE));
      assert.deepEqual(missing, [], `ZooKeeper ${version} does not export these`);
    }
  });
});
