import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { V1ConfigMap, V1Pod, V1StatefulSet } from '@kubernetes/client-node';
import { CONFIGMAPS, PODS, PVCS, STATEFULSETS, ZOOKEEPERS } from '../client/resources.ts';
import { condition, NS, REF, settle, setup, statusOf } from '../testing/reconcile-fixture.ts';

const rolesOf = (server: ReturnType<typeof setup>['server']) =>
  statusOf(server)?.members?.map((m) => [m.name, m.role, m.state, m.voting]);

test('observers: created with the voters, shown as non-voting observers, scaled 2 -> 0 -> 1', async () => {
  const bed = setup({ observers: 2 });
  const { server, user, ensemble } = bed;
  ensemble.observers = [4, 5];
  await bed.create();
  await settle(bed);
  assert.equal(server.peek<V1StatefulSet>(STATEFULSETS, REF)?.spec?.replicas, 5);
  const dynamic = server.peek<V1ConfigMap>(CONFIGMAPS, {
    namespace: NS,
    name: 'zk-config',
  })?.data?.['zoo.cfg.dynamic'];
  assert.match(
    dynamic ?? '',
    /^server\.4=zk-3\.demo\.svc\.cluster\.local:2888:3888:observer;0\.0\.0\.0:2181$/m,
  );
  assert.deepEqual(rolesOf(server), [
    ['zk-0', 'leader', 'serving', true],
    ['zk-1', 'follower', 'serving', true],
    ['zk-2', 'follower', 'serving', true],
    ['zk-3', 'observer', 'serving', false],
    ['zk-4', 'observer', 'serving', false],
  ]);
  assert.equal(statusOf(server)?.readyMembers, '5/5');

  await user.mergePatch(ZOOKEEPERS, REF, { spec: { observers: 0 } });
  const down = await settle(bed);
  assert.deepEqual(down, [
    'reconfig: remove member 5',
    'stop member 5',
    'delete Service zk-4',
    'delete the storage of member 5',
    'reconfig: remove member 4',
    'stop member 4',
    'delete Service zk-3',
    'delete the storage of member 4',
  ]);
  assert.deepEqual(ensemble.observers, []);
  assert.equal(server.peek(PODS, { namespace: NS, name: 'zk-3' }), undefined);
  assert.equal(server.peek(PVCS, { namespace: NS, name: 'data-zk-4' }), undefined);
  assert.equal(statusOf(server)?.readyMembers, '3/3');

  await user.mergePatch(ZOOKEEPERS, REF, { spec: { observers: 1 } });
  const up = await settle(bed);
  assert.deepEqual(up, [
    'start member 4 as observer',
    'reconfig: add member 4 as observer',
    'mark volume data-zk-3',
  ]);
  assert.deepEqual(ensemble.observers, [4]);
  assert.equal(server.peek<V1Pod>(PODS, { namespace: NS, name: 'zk-3' })?.status?.phase, 'Running');
  assert.deepEqual(rolesOf(server)?.at(-1), ['zk-3', 'observer', 'serving', false]);
  assert.equal(condition(statusOf(server), 'Ready')?.status, 'True');
});
