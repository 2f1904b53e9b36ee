import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PROMETHEUS_RULES, SERVICE_MONITORS, STATEFULSETS } from '../client/resources.ts';
import { MONITORING_API_VERSION } from '../render/monitoring-types.ts';
import { condition, REF, setup, statusOf } from '../testing/reconcile-fixture.ts';

const MONITORS = { monitoring: { serviceMonitor: true, prometheusRule: true } };

/** Reconciles until the ensemble settles (the fixture's members serve as soon as their pods run). */
async function settle(bed: ReturnType<typeof setup>) {
  for (let i = 0; i < 10; i++) {
    await bed.startPods();
    const result = await bed.run();
    if (result.requeueAfterMs === undefined) return result;
  }
  throw new Error('the ensemble did not settle in 10 reconciles');
}

test('without the Prometheus Operator the monitors are skipped with a condition and one Event, the ensemble reconciled as usual', async () => {
  const bed = setup(MONITORS);
  const serveMonitors = bed.server.unserve(MONITORING_API_VERSION);
  await bed.create();

  const result = await settle(bed);
  assert.equal(result.operation, 'Idle');
  assert.ok(result.ready, 'Ready: the ensemble runs without its monitors');
  assert.ok(bed.server.peek(STATEFULSETS, REF));
  const skipped = condition(statusOf(bed.server), 'Monitoring');
  assert.equal(skipped?.status, 'False');
  assert.equal(skipped?.reason, 'PrometheusOperatorNotInstalled');
  assert.match(
    skipped?.message ?? '',
    /ServiceMonitor and PrometheusRule skipped: .* install the Prometheus Operator/,
  );
  assert.equal(condition(statusOf(bed.server), 'Degraded')?.status, 'False');
  const warnings = () => bed.events.notes.filter((e) => e.reason === 'PrometheusOperatorNotInstalled');
  assert.equal(warnings().length, 1);

  // Later reconciles neither warn again nor write the status.
  const again = await bed.run();
  assert.deepEqual(
    again.writes.filter((w) => w.verb === 'applyStatus'),
    [],
  );
  assert.equal(warnings().length, 1);

  // Once the Prometheus Operator is installed, the next reconcile applies them.
  serveMonitors();
  await bed.run();
  assert.ok(bed.server.peek(SERVICE_MONITORS, REF));
  assert.ok(bed.server.peek(PROMETHEUS_RULES, REF));
  const applied = condition(statusOf(bed.server), 'Monitoring');
  assert.equal(applied?.status, 'True');
  assert.equal(applied?.message, 'ServiceMonitor and PrometheusRule applied');
});

test('an ensemble without monitors has no Monitoring condition', async () => {
  const bed = setup();
  bed.server.unserve(MONITORING_API_VERSION);
  await bed.create();
  await settle(bed);
  assert.equal(condition(statusOf(bed.server), 'Monitoring'), undefined);
  assert.ok(!bed.server.calls.some((c) => c.kind === 'ServiceMonitor' || c.kind === 'PrometheusRule'));
});
