import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { V1Pod } from '@kubernetes/client-node';
import { PODS } from '../client/resources.ts';
import { ROUTED_LABEL } from '../render/metadata.ts';
import { NS, setup } from '../testing/reconcile-fixture.ts';
import { routePatch } from './member-routes.ts';

const pod = (labels: Record<string, string>, deleting = false): V1Pod => ({
  metadata: { name: 'zk-0', labels, ...(deleting ? { deletionTimestamp: new Date(0) } : {}) },
});

test('a member pod is routed unless it is being deleted', () => {
  const routed = { [ROUTED_LABEL]: 'true' };
  assert.equal(routePatch(pod(routed)), undefined);
  assert.equal(routePatch(pod({}, true)), undefined);
  assert.deepEqual(routePatch(pod(routed, true)), { metadata: { labels: { [ROUTED_LABEL]: null } } });
  assert.deepEqual(routePatch(pod({})), { metadata: { labels: { [ROUTED_LABEL]: 'true' } } });
});

test('a reconcile routes the pods an older zkop started and unroutes those being deleted', async () => {
  const bed = setup();
  await bed.create();
  await bed.run();
  await bed.startPods();
  const labelsOf = (name: string) =>
    bed.server.peek<V1Pod>(PODS, { namespace: NS, name })?.metadata?.labels ?? {};
  assert.equal(labelsOf('zk-0')[ROUTED_LABEL], 'true', 'from the template');

  await bed.user.mergePatch(
    PODS,
    { namespace: NS, name: 'zk-1' },
    { metadata: { labels: { [ROUTED_LABEL]: null } } },
  );
  await bed.user.mergePatch(PODS, { namespace: NS, name: 'zk-2' }, { metadata: { finalizers: ['kubelet'] } });
  await bed.user.delete(PODS, { namespace: NS, name: 'zk-2' });
  const { actions } = await bed.run();
  assert.deepEqual(
    actions.filter((a) => a.includes('route')),
    ['route pod zk-1', 'unroute pod zk-2'],
  );
  assert.equal(labelsOf('zk-1')[ROUTED_LABEL], 'true');
  assert.equal(labelsOf('zk-2')[ROUTED_LABEL], undefined);
});
