import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildInfo } from '../../../build-info.ts';
import { OperatorMetrics } from './metrics.ts';

const KEY = 'demo/zk';
const OF_ZK = '{namespace="demo",name="zk"';

test("an ensemble's gauges follow its reconciles: the operation and its start, members, quorum, errors, last success", async () => {
  const metrics = new OperatorMetrics();
  const text = () => metrics.registry.metrics();
  metrics.ensemble(KEY, 'Restart', false, {
    membersServing: 2,
    membersDesired: 3,
    quorum: true,
    operationStartedMs: 1_700_000_000_000,
    certificates: [],
  });
  metrics.succeeded(KEY, 1_700_000_060_000);
  metrics.failed(KEY);
  metrics.failed(KEY);
  let now = await text();
  assert.match(
    now,
    new RegExp(`zkop_ensemble_operation_start_time_seconds${OF_ZK},operation="Restart"} 1700000000\\n`),
  );
  assert.match(now, new RegExp(`zkop_ensemble_members_serving${OF_ZK}} 2\\n`));
  assert.match(now, new RegExp(`zkop_ensemble_quorum_available${OF_ZK}} 1\\n`));
  assert.match(now, new RegExp(`zkop_ensemble_reconcile_errors_total${OF_ZK}} 2\\n`));
  assert.match(
    now,
    new RegExp(`zkop_ensemble_last_successful_reconcile_timestamp_seconds${OF_ZK}} 1700000060\\n`),
  );

  // The roll ends: no operation start any more, and no series of the finished operation.
  metrics.ensemble(KEY, 'Idle', true, {
    membersServing: 3,
    membersDesired: 3,
    quorum: true,
    certificates: [],
  });
  now = await text();
  assert.doesNotMatch(now, /operation="Restart"/);
  assert.doesNotMatch(now, /zkop_ensemble_operation_start_time_seconds\{/);
  assert.match(now, new RegExp(`zkop_ensemble_operation${OF_ZK},operation="Idle"} 1\\n`));

  metrics.forget(KEY);
  assert.doesNotMatch(await text(), /name="zk"/);
});

test("an ensemble's certificates: when each expires and when zkop renews it, gone once TLS is off", async () => {
  const metrics = new OperatorMetrics();
  const text = () => metrics.registry.metrics();
  const health = { membersServing: 3, membersDesired: 3, quorum: true };
  metrics.ensemble(KEY, 'Idle', true, {
    ...health,
    certificates: [
      { certificate: 'members', notAfterMs: 1_800_000_000_000, renewsAtMs: 1_790_000_000_000 },
      { certificate: 'ca', notAfterMs: 2_000_000_000_000 },
    ],
  });
  let now = await text();
  assert.match(
    now,
    new RegExp(
      `zkop_ensemble_certificate_expiration_timestamp_seconds${OF_ZK},certificate="members"} 1800000000\\n`,
    ),
  );
  assert.match(
    now,
    new RegExp(
      `zkop_ensemble_certificate_expiration_timestamp_seconds${OF_ZK},certificate="ca"} 2000000000\\n`,
    ),
  );
  assert.match(
    now,
    new RegExp(
      `zkop_ensemble_certificate_renewal_timestamp_seconds${OF_ZK},certificate="members"} 1790000000\\n`,
    ),
  );
  assert.doesNotMatch(now, /zkop_ensemble_certificate_renewal_timestamp_seconds\{[^}]*certificate="ca"/);

  metrics.ensemble(KEY, 'Idle', true, { ...health, certificates: [] });
  now = await text();
  assert.doesNotMatch(now, /zkop_ensemble_certificate_\w+\{/);
});

test('a replica that stops leading reports no ensemble', async () => {
  const metrics = new OperatorMetrics();
  metrics.ensemble(KEY, 'Scale', false, {
    membersServing: 3,
    membersDesired: 5,
    quorum: true,
    operationStartedMs: 1,
    certificates: [{ certificate: 'members', notAfterMs: 2000 }],
  });
  metrics.ensemble('demo/other', 'Idle', true);
  metrics.forget(KEY);
  metrics.ensemble(KEY, 'Scale', false, {
    membersServing: 3,
    membersDesired: 5,
    quorum: true,
    certificates: [{ certificate: 'ca', notAfterMs: 1, renewsAtMs: 1 }],
  });
  metrics.succeeded('demo/other', 1);
  metrics.failed(KEY);
  metrics.backupTimesFrom(() => new Map([[KEY, 1000]]));
  metrics.forgetAll();
  assert.doesNotMatch(await metrics.registry.metrics(), /zkop_ensemble_\w+\{/);
});

test("each ensemble's backup time is read from its source at each scrape, an ensemble gone is gone", async () => {
  const metrics = new OperatorMetrics();
  let times = new Map([
    [KEY, 1_700_000_000_000],
    ['demo/other', 1_600_000_000_000],
  ]);
  metrics.backupTimesFrom(() => times);
  const text = () => metrics.registry.metrics();
  assert.match(
    await text(),
    /zkop_ensemble_last_backup_timestamp_seconds\{namespace="demo",name="zk"\} 1700000000\n/,
  );
  times = new Map([[KEY, 1_700_000_500_000]]);
  assert.match(
    await text(),
    /zkop_ensemble_last_backup_timestamp_seconds\{namespace="demo",name="zk"\} 1700000500\n/,
  );
  assert.doesNotMatch(await text(), /last_backup_timestamp_seconds\{namespace="demo",name="other"/);
});

test("Node's process metrics are in the operator's registry", async () => {
  const text = await new OperatorMetrics().registry.metrics();
  for (const name of [
    'process_cpu_seconds_total',
    'process_resident_memory_bytes',
    'nodejs_eventloop_lag_seconds',
  ]) {
    assert.match(text, new RegExp(`^${name} `, 'm'), name);
  }
});

test('zkop_build_info is 1, labelled with the version and revision the operator was built from', async () => {
  const text = await new OperatorMetrics({ version: '1.2.3', revision: '0123abc' }).registry.metrics();
  assert.match(text, /^# TYPE zkop_build_info gauge$/m);
  assert.match(text, /^zkop_build_info\{version="1\.2\.3",revision="0123abc"\} 1$/m);
});

test('by default zkop_build_info names the running build', async () => {
  const { version, revision } = buildInfo();
  const text = await new OperatorMetrics().registry.metrics();
  assert.ok(text.includes(`zkop_build_info{version="${version}",revision="${revision}"} 1\n`), text);
});
