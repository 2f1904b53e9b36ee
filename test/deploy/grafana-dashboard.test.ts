/**
 * zkop's Grafana dashboard (deploy/helm/zkop/files/dashboards/zookeeper.json) and the ConfigMap the
 * chart puts it in for Grafana's dashboard sidecar. That the metrics it reads exist is checked
 * against live scrapes in test/integration/metric-names.test.ts.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { renderChart } from './helm.ts';
import { CHART_DIR } from './manifests.ts';

interface Panel {
  readonly id: number;
  readonly type: string;
  readonly title: string;
  readonly gridPos: { h: number; w: number; x: number; y: number };
  readonly datasource?: { uid: string };
  readonly targets?: { expr: string; datasource: { uid: string } }[];
}

// biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's syntax for the chosen data source
const CHOSEN_SOURCE = '${datasource}';
const FILE = join(CHART_DIR, 'files/dashboards/zookeeper.json');
const text = readFileSync(FILE, 'utf8');
const dashboard = JSON.parse(text) as {
  uid: string;
  panels: Panel[];
  templating: { list: { name: string; query: unknown }[] };
};

describe("zkop's Grafana dashboard", () => {
  it('has rows for the ensemble, its members and the operator, chosen by namespace and name', () => {
    assert.equal(dashboard.uid, 'zkop-zookeeper');
    const rows = dashboard.panels.filter((p) => p.type === 'row').map((p) => p.title);
    assert.deepEqual(rows, ['Ensemble', 'Members', 'Operator']);
    assert.deepEqual(
      dashboard.templating.list.map((v) => v.name),
      ['datasource', 'namespace', 'name'],
    );
  });

  it('queries every panel from the chosen data source, each target an expression', () => {
    const panels = dashboard.panels.filter((p) => p.type !== 'row');
    assert.ok(panels.length >= 20, `only ${panels.length} panels`);
    for (const panel of panels) {
      assert.equal(panel.datasource?.uid, CHOSEN_SOURCE, panel.title);
      assert.ok((panel.targets ?? []).length > 0, `${panel.title} has no query`);
      for (const target of panel.targets ?? []) {
        assert.equal(target.datasource.uid, CHOSEN_SOURCE, panel.title);
        assert.ok(target.expr.length > 0, panel.title);
      }
    }
  });

  it("scopes ZooKeeper's and the ensemble's series to the chosen ensemble", () => {
    for (const panel of dashboard.panels) {
      for (const { expr } of panel.targets ?? []) {
        for (const selector of expr.match(/\{[^}]*\}/g) ?? []) {
          assert.match(selector, /namespace="\$namespace"/, `${panel.title}: ${expr}`);
          assert.match(selector, /zookeeper="\$name"|name="\$name"|-\$name-/, `${panel.title}: ${expr}`);
        }
      }
    }
  });

  it('lays its panels out on the 24-column grid without overlaps', () => {
    const cells = new Set<string>();
    for (const { title, gridPos: g } of dashboard.panels) {
      assert.ok(g.x >= 0 && g.x + g.w <= 24, title);
      for (let x = g.x; x < g.x + g.w; x++) {
        for (let y = g.y; y < g.y + g.h; y++) {
          assert.ok(!cells.has(`${x},${y}`), `${title} overlaps at ${x},${y}`);
          cells.add(`${x},${y}`);
        }
      }
    }
  });
});

describe("the chart's dashboard ConfigMap", () => {
  it('is left out by default', async () => {
    assert.ok(!(await renderChart()).some((m) => m.metadata?.name === 'zkop-dashboard'));
  });

  it("holds the dashboard, labelled for Grafana's sidecar, in the namespace asked for", async () => {
    const rendered = await renderChart([
      'grafanaDashboard.enabled=true',
      'grafanaDashboard.namespace=monitoring',
    ]);
    const map = rendered.find((m) => m.kind === 'ConfigMap' && m.metadata?.name === 'zkop-dashboard') as
      | { metadata: { namespace: string; labels: Record<string, string> }; data: Record<string, string> }
      | undefined;
    assert.ok(map, 'no dashboard ConfigMap');
    assert.equal(map.metadata.namespace, 'monitoring');
    assert.equal(map.metadata.labels.grafana_dashboard, '1');
    assert.deepEqual(JSON.parse(map.data['zookeeper.json'] ?? ''), dashboard);
  });
});
