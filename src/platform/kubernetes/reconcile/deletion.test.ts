import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubernetesObject, V1PersistentVolumeClaim, V1StatefulSet } from '@kubernetes/client-node';
import { PVCS, SECRETS, STATEFULSETS, ZOOKEEPERS } from '../client/resources.ts';
import { condition, NS, REF, setup, statusOf } from '../testing/reconcile-fixture.ts';
import type { LiveZooKeeper } from './context.ts';
import { DO_NOT_TERMINATE_MESSAGE } from './deletion.ts';
import { FINALIZER } from './finalizer.ts';
import { parseRetained, RETAINED_ANNOTATION } from './retained.ts';

const SECRET = { namespace: NS, name: 'zk-super' };
const claimRef = (ordinal: number) => ({ namespace: NS, name: `data-zk-${ordinal}` });

/** An ensemble of three serving members, its volumes marked as holding data. */
async function serving(spec: Parameters<typeof setup>[0] = {}) {
  const bed = setup(spec);
  await bed.create();
  await bed.run();
  await bed.startPods();
  await bed.run();
  return bed;
}

test('every policy sets the finalizer: each has work to do before the object goes', async () => {
  for (const deletionPolicy of ['Delete', 'Retain', 'WipeOut', 'DoNotTerminate'] as const) {
    const { server, run, create } = setup({ deletionPolicy });
    await create();
    assert.ok((await run()).actions.includes('set finalizer'), deletionPolicy);
    assert.deepEqual(server.peek<LiveZooKeeper>(ZOOKEEPERS, REF)?.metadata.finalizers, [FINALIZER]);
  }
});

test('Delete removes the claims and lets the object go; owned objects and the Secret are collected', async () => {
  const { server, user, run } = await serving();
  await user.delete(ZOOKEEPERS, REF);
  assert.ok(server.peek(ZOOKEEPERS, REF), 'held by the finalizer');
  const result = await run();
  assert.deepEqual(result.actions, [
    'delete volume claim data-zk-0',
    'delete volume claim data-zk-1',
    'delete volume claim data-zk-2',
  ]);
  assert.equal(server.peek(ZOOKEEPERS, REF), undefined);
  assert.equal(server.peek(PVCS, claimRef(0)), undefined);
  assert.equal(server.peek(STATEFULSETS, REF), undefined);
  assert.equal(server.peek(SECRETS, SECRET), undefined);
});

test('Retain keeps the claims and the Secret, marked with the config, and frees them of the object', async () => {
  const { server, user, run } = await serving({ deletionPolicy: 'Retain' });
  const uid = server.peek<LiveZooKeeper>(ZOOKEEPERS, REF)?.metadata.uid;
  await user.delete(ZOOKEEPERS, REF);
  const result = await run();
  assert.deepEqual(result.actions, [
    'retain volume claim data-zk-0',
    'retain volume claim data-zk-1',
    'retain volume claim data-zk-2',
    'retain Secret zk-super',
  ]);
  assert.equal(server.peek(ZOOKEEPERS, REF), undefined);
  assert.equal(server.peek(STATEFULSETS, REF), undefined);
  const secret = server.peek(SECRETS, SECRET);
  assert.ok(secret, 'the Secret outlives the object');
  assert.equal(secret.metadata?.ownerReferences, undefined);
  const claim = server.peek<V1PersistentVolumeClaim>(PVCS, claimRef(1));
  assert.deepEqual(parseRetained(claim ?? {}), {
    uid,
    config: {
      version: 0x100000000n,
      members: [1, 2, 3].map((id) => ({ id, role: 'participant' })),
    },
  });
});

test('an object of the same name and shape resumes from retained volumes and reuses the Secret', async () => {
  const { server, user, run, create, startPods, removePods } = await serving({ deletionPolicy: 'Retain' });
  const password = server.peek<KubernetesObject & { data: Record<string, string> }>(SECRETS, SECRET)?.data;
  await user.delete(ZOOKEEPERS, REF);
  await run();
  await removePods();

  await create({ deletionPolicy: 'Delete' });
  const first = await run();
  assert.ok(first.actions.includes('adopt Secret zk-super'), first.actions.join(', '));
  assert.ok(!first.actions.includes('create Secret zk-super'));
  assert.equal(first.operation, 'Heal', 'members with data start from the retained config, not anew');
  assert.equal(server.peek<V1StatefulSet>(STATEFULSETS, REF)?.spec?.replicas, 3);
  const newUid = server.peek<LiveZooKeeper>(ZOOKEEPERS, REF)?.metadata.uid;
  const secret = server.peek<KubernetesObject & { data: Record<string, string> }>(SECRETS, SECRET);
  assert.deepEqual(secret?.data, password);
  assert.deepEqual(
    secret?.metadata?.ownerReferences?.map((r) => r.uid),
    [newUid],
  );
  assert.equal(statusOf(server)?.configVersion, '0x100000000');

  await startPods();
  const ready = await run();
  assert.ok(ready.ready, ready.actions.join(', '));
  // Its own config recorded, the new object takes the claims as its own.
  for (const ordinal of [0, 1, 2]) {
    assert.ok(ready.actions.includes(`adopt volume claim data-zk-${ordinal}`), ready.actions.join(', '));
  }
  assert.equal(
    server.peek<V1PersistentVolumeClaim>(PVCS, claimRef(0))?.metadata?.annotations?.[RETAINED_ANNOTATION],
    undefined,
  );
  assert.deepEqual((await run()).writes, []);

  // Adopted, the claims are the new object's: its Delete policy removes them.
  await user.delete(ZOOKEEPERS, REF);
  assert.equal((await run()).actions.length, 3);
  assert.equal(server.peek(PVCS, claimRef(0)), undefined);
});

test('an object of another shape is refused over retained volumes; Delete leaves them, WipeOut removes them', async () => {
  const { server, user, run, create, removePods } = await serving({ deletionPolicy: 'Retain' });
  await user.delete(ZOOKEEPERS, REF);
  await run();
  await removePods();

  await create({ replicas: 1, deletionPolicy: 'Delete' });
  const refused = await run();
  assert.equal(refused.operation, 'Refused');
  assert.equal(server.peek(STATEFULSETS, REF), undefined, 'nothing starts');
  const ready = condition(statusOf(server), 'Ready');
  assert.equal(ready?.reason, 'RetainedVolumesMismatch');
  assert.match(
    ready?.message ?? '',
    /volume claims data-zk-0, data-zk-1, data-zk-2 were kept \(deletionPolicy Retain\) from a deleted ensemble of this name with 3 voters and 0 observers, but this spec asks for 1 voter and 0 observers/,
  );
  assert.deepEqual((await run()).writes, []);

  await user.delete(ZOOKEEPERS, REF);
  assert.deepEqual((await run()).actions, [], 'Delete does not take data another object retained');
  assert.ok(server.peek(PVCS, claimRef(0)));
  assert.ok(server.peek(SECRETS, SECRET), 'a refused object does not take the retained Secret');

  await create({ replicas: 1, deletionPolicy: 'WipeOut' });
  await run();
  await user.delete(ZOOKEEPERS, REF);
  const wiped = await run();
  assert.deepEqual(wiped.actions, [
    'delete volume claim data-zk-0',
    'delete volume claim data-zk-1',
    'delete volume claim data-zk-2',
    'delete Secret zk-super',
  ]);
  assert.equal(server.peek(PVCS, claimRef(2)), undefined);
  assert.equal(server.peek(SECRETS, SECRET), undefined);
  assert.equal(server.peek(ZOOKEEPERS, REF), undefined);
});

test('WipeOut deletes the claims and the generated Secret, but never a Secret the user named', async () => {
  const own = await serving({ deletionPolicy: 'WipeOut' });
  await own.user.delete(ZOOKEEPERS, REF);
  assert.deepEqual((await own.run()).actions.at(-1), 'delete Secret zk-super');
  assert.equal(own.server.peek(SECRETS, SECRET), undefined);

  const named = setup({ deletionPolicy: 'WipeOut', auth: { superuserSecretName: 'mine' } });
  await named.user.create(SECRETS, {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'mine', namespace: NS },
    data: { password: 'eA==', digest: 'eA==' },
  } as KubernetesObject);
  await named.create();
  await named.run();
  await named.user.delete(ZOOKEEPERS, REF);
  await named.run();
  assert.equal(named.server.peek(ZOOKEEPERS, REF), undefined);
  assert.ok(named.server.peek(SECRETS, { namespace: NS, name: 'mine' }));
});

test('DoNotTerminate holds the object and says how to let it go; switched to Delete, it goes', async () => {
  const { server, user, run } = await serving({ deletionPolicy: 'DoNotTerminate' });
  await user.delete(ZOOKEEPERS, REF);
  const held = await run();
  assert.equal(held.operation, 'Deleting');
  assert.ok(server.peek(ZOOKEEPERS, REF));
  assert.equal(condition(statusOf(server), 'Ready')?.message, DO_NOT_TERMINATE_MESSAGE);
  assert.equal(condition(statusOf(server), 'Ready')?.reason, 'DeletionRefused');
  assert.ok(server.peek(PVCS, claimRef(0)));
  assert.deepEqual((await run()).writes, []);

  await user.mergePatch(ZOOKEEPERS, REF, { spec: { deletionPolicy: 'Delete' } });
  const released = await run();
  assert.equal(released.actions.length, 3);
  assert.equal(server.peek(ZOOKEEPERS, REF), undefined);
  assert.equal(server.peek(PVCS, claimRef(0)), undefined);
});
