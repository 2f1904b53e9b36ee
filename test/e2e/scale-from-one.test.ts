/**
 * A single member grows to three and back on the real cluster. Adding the second voter needs the
 * joiner's own vote, so it starts listing itself as a participant (the ConfigMap's joiner config);
 * every other joiner starts as an observer.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { waitFor } from '../cluster/cluster.ts';
import { committedRoles, missingWrites, startWriter } from '../support/zookeeper-load.ts';
import { clientServers, memberPods } from './ensemble-probe.ts';
import {
  applyZooKeeper,
  deleteNamespace,
  installOperator,
  patchSpec,
  testNamespace,
  waitReady,
} from './operator-install.ts';

const NAME = 'solo';
let ns = '';

before(() => {
  installOperator(['3.9.4']);
  ns = testNamespace('zkop-e2e-one');
});

after(() => {
  if (ns) deleteNamespace(ns);
});

test('one member scales to three and back under a writer, losing nothing', async () => {
  applyZooKeeper(ns, NAME, {
    version: '3.9.4',
    replicas: 1,
    resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '448Mi' } },
    jvm: { heap: '160Mi' },
  });
  await waitReady(ns, NAME);
  const first = () => clientServers(ns, NAME, [`${NAME}-0`]);
  const writer = await startWriter(first(), '/e2e-one');
  for (const replicas of [3, 1]) {
    patchSpec(ns, NAME, { replicas });
    const zk = await waitReady(ns, NAME, 600_000);
    assert.equal(zk.status?.readyMembers, `${replicas}/${replicas}`);
    const ids = Array.from({ length: replicas }, (_, i) => i + 1);
    assert.deepEqual(await committedRoles(first()), { participants: ids, observers: [] });
    await waitFor(`${replicas} pods`, 120_000, () =>
      memberPods(ns, NAME).size === replicas ? true : undefined,
    );
  }
  const report = await writer.stop();
  assert.ok(report.acknowledged.length > 0);
  assert.deepEqual(await missingWrites(first(), '/e2e-one', report.acknowledged), []);
  assert.equal(report.expired, 0);
});
