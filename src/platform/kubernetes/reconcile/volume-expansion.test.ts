import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { V1PersistentVolumeClaim, V1Pod, V1StatefulSet } from '@kubernetes/client-node';
import type { ZooKeeperSpec } from '../../../api/spec.ts';
import { PODS, PVCS, STATEFULSETS, ZOOKEEPERS } from '../client/resources.ts';
import type { FakeClock } from '../testing/fake-clock.ts';
import { condition, NS, REF, setup, statusOf } from '../testing/reconcile-fixture.ts';

const MEMBERS = ['zk-0', 'zk-1', 'zk-2'];

/** A serving 3-member ensemble on 1Gi volumes of a StorageClass that can (or cannot) grow them. */
async function serving(expandable = true, spec: Partial<ZooKeeperSpec> = {}) {
  const bed = setup({ storage: { size: '1Gi' }, ...spec });
  await bed.storageClass(expandable);
  await bed.create();
  await bed.run();
  await bed.startPods();
  await bed.run();
  assert.ok((await bed.run()).ready, 'the ensemble serves');
  return bed;
}

type Bed = Awaited<ReturnType<typeof serving>>;

const claimOf = (bed: Bed, name: string) =>
  bed.server.peek<V1PersistentVolumeClaim>(PVCS, { namespace: NS, name });
const requested = (bed: Bed, name: string) => claimOf(bed, name)?.spec?.resources?.requests?.storage;
const templateSizes = (bed: Bed) =>
  bed.server
    .peek<V1StatefulSet>(STATEFULSETS, REF)
    ?.spec?.volumeClaimTemplates?.map((t) => t.spec?.resources?.requests?.storage);
const podUids = (bed: Bed) =>
  MEMBERS.map((name) => bed.server.peek<V1Pod>(PODS, { namespace: NS, name })?.metadata?.uid);

/** What the storage does once it grew a claim: it reports the new capacity. */
const grown = (bed: Bed, name: string, size: string) =>
  bed.user.mergePatch(PVCS, { namespace: NS, name }, { status: { capacity: { storage: size } } });

test('volumes whose size matches the spec need nothing: no claim patch, no StorageClass read', async () => {
  const bed = await serving();
  const idle = await bed.run();
  assert.deepEqual(idle.writes, []);
  assert.ok(!idle.calls.some((c) => c.kind === 'StorageClass' || c.kind === 'PersistentVolumeClaim'));
});

test('a bigger size grows every claim, waits for the storage, then replaces the StatefulSet without touching a pod', async () => {
  const bed = await serving();
  const { server, user, run, events } = bed;
  const pods = podUids(bed);
  const oldStatefulSet = server.peek<V1StatefulSet>(STATEFULSETS, REF)?.metadata?.uid;
  await user.mergePatch(ZOOKEEPERS, REF, { spec: { storage: { size: '2Gi' } } });

  const grow = await run();
  for (const pod of MEMBERS) {
    assert.ok(grow.actions.includes(`grow volume claim data-${pod} to 2Gi`), grow.actions.join(', '));
    assert.equal(requested(bed, `data-${pod}`), '2Gi');
  }
  assert.ok(!grow.actions.includes('apply StatefulSet zk'), 'the StatefulSet keeps its template for now');
  assert.deepEqual(templateSizes(bed), ['1Gi']);
  assert.equal(events.notes.at(-1)?.reason, 'ExpandVolumes');
  let status = statusOf(server);
  assert.equal(status?.operation?.type, 'ExpandVolumes');
  assert.match(status?.operation?.waitingFor ?? '', /volume claim data-zk-0 to grow to 2Gi/);
  assert.equal(condition(status, 'Ready')?.reason, 'ExpandVolumes');
  assert.equal(condition(status, 'Progressing')?.status, 'True');
  assert.equal(condition(status, 'Degraded')?.status, 'False');
  assert.equal(grow.requeueAfterMs, 5000);

  // The storage has not grown them yet: nothing more to do.
  assert.deepEqual((await run()).writes, []);
  await grown(bed, 'data-zk-0', '2Gi');
  await grown(bed, 'data-zk-1', '2Gi');
  assert.deepEqual(
    (await run()).writes.filter((w) => w.verb !== 'applyStatus'),
    [],
  );
  assert.match(statusOf(server)?.operation?.waitingFor ?? '', /data-zk-2 to grow to 2Gi/);

  await grown(bed, 'data-zk-2', '2Gi');
  const replace = await run();
  assert.ok(replace.actions.includes('replace StatefulSet zk, keeping its pods'), replace.actions.join(', '));
  assert.deepEqual(
    replace.writes.filter((w) => w.kind === 'StatefulSet').map((w) => w.verb),
    ['delete'],
  );
  assert.equal(events.notes.at(-1)?.reason, 'ReplaceStatefulSet');
  status = statusOf(server);
  assert.match(status?.operation?.waitingFor ?? '', /StatefulSet zk to be created again/);

  // The garbage collector frees the pods before the old StatefulSet goes: zkop waits, applies nothing to it.
  const waiting = await run();
  assert.ok(!waiting.writes.some((w) => w.kind === 'StatefulSet'), JSON.stringify(waiting.writes));
  server.collectGarbage();
  const created = await run();
  assert.ok(created.actions.includes('apply StatefulSet zk'), created.actions.join(', '));
  const sts = server.peek<V1StatefulSet>(STATEFULSETS, REF);
  assert.notEqual(sts?.metadata?.uid, oldStatefulSet);
  assert.equal(sts?.spec?.replicas, 3);
  assert.deepEqual(templateSizes(bed), ['2Gi']);
  assert.deepEqual(podUids(bed), pods, 'no pod was deleted');
  assert.ok(!created.writes.some((w) => w.kind === 'Pod'));

  const settled = await run();
  assert.ok(settled.ready);
  assert.equal(statusOf(server)?.operation?.type, 'Idle');
  assert.deepEqual((await run()).writes, []);
});

test('the transaction log volume grows the same way', async () => {
  const bed = await serving(true, { storage: { size: '1Gi', dataLog: { size: '1Gi' } } });
  await bed.user.mergePatch(ZOOKEEPERS, REF, { spec: { storage: { dataLog: { size: '3Gi' } } } });
  const grow = await bed.run();
  assert.deepEqual(
    grow.actions.filter((a) => a.startsWith('grow')),
    MEMBERS.map((pod) => `grow volume claim datalog-${pod} to 3Gi`),
  );
  assert.equal(requested(bed, 'data-zk-0'), '1Gi');
  for (const pod of MEMBERS) await grown(bed, `datalog-${pod}`, '3Gi');
  await bed.run();
  bed.server.collectGarbage();
  await bed.run();
  assert.deepEqual(templateSizes(bed), ['1Gi', '3Gi']);
});

test('a StatefulSet gone while its pods run (zkop stopped after deleting it) is created again with as many pods', async () => {
  const bed = await serving();
  const pods = podUids(bed);
  // Deleted without its pods, as zkop does when it replaces it, and the spec asks for more members meanwhile.
  await bed.user.delete(STATEFULSETS, REF, { propagationPolicy: 'Orphan' });
  bed.server.collectGarbage();
  await bed.user.mergePatch(ZOOKEEPERS, REF, { spec: { replicas: 5 } });
  const next = await bed.run();
  assert.ok(next.actions.includes('apply StatefulSet zk'), next.actions.join(', '));
  assert.equal(bed.server.peek<V1StatefulSet>(STATEFULSETS, REF)?.spec?.replicas, 4, 'one joiner at a time');
  assert.deepEqual(podUids(bed), pods);
});

test('a StorageClass that cannot grow volumes is refused: Degraded, one Warning Event, nothing patched, the rest goes on', async () => {
  const bed = await serving(false);
  const { server, user, run, events } = bed;
  await user.mergePatch(ZOOKEEPERS, REF, {
    spec: { storage: { size: '2Gi' }, services: { client: { annotations: { team: 'a' } } } },
  });
  const refused = await run();
  assert.ok(refused.actions.includes('apply Service zk-client'), 'the rest of the spec applies');
  assert.ok(!refused.writes.some((w) => w.kind === 'PersistentVolumeClaim'), 'no claim patched');
  assert.deepEqual(templateSizes(bed), ['1Gi']);
  const degraded = condition(statusOf(server), 'Degraded');
  assert.equal(degraded?.status, 'True');
  assert.equal(degraded?.reason, 'VolumeExpansionNotSupported');
  assert.match(degraded?.message ?? '', /StorageClass standard does not allow volume expansion/);
  assert.equal(condition(statusOf(server), 'Ready')?.reason, 'VolumeExpansionNotSupported');
  assert.equal(condition(statusOf(server), 'Available')?.status, 'True');
  const warnings = () => events.notes.filter((e) => e.type === 'Warning');
  assert.deepEqual(
    warnings().map((e) => e.reason),
    ['VolumeExpansionNotSupported'],
  );
  assert.deepEqual((await run()).writes, []);
  assert.equal(warnings().length, 1);

  await bed.storageClass(true);
  const growing = await run();
  assert.ok(growing.actions.includes('grow volume claim data-zk-0 to 2Gi'), growing.actions.join(', '));
  assert.equal(condition(statusOf(server), 'Degraded')?.status, 'False');
});

test('a file system that grows only on restart: the engine restarts members one at a time, the leader last', async () => {
  const bed = await serving();
  const { server, user, run, ctx, startPods } = bed;
  const clock = ctx.clock as FakeClock;
  await clock.advance(60_000);
  await user.mergePatch(ZOOKEEPERS, REF, { spec: { storage: { size: '2Gi' } } });
  await run();
  // The storage grew the volumes; the file systems wait for their pods to start again.
  for (const pod of MEMBERS) {
    await user.mergePatch(
      PVCS,
      { namespace: NS, name: `data-${pod}` },
      {
        status: {
          conditions: [
            {
              type: 'FileSystemResizePending',
              status: 'True',
              lastTransitionTime: new Date(clock.now()).toISOString(),
            },
          ],
        },
      },
    );
  }
  const early = await run();
  assert.ok(
    !early.writes.some((w) => w.kind === 'Pod'),
    'the kubelet may still grow them while the pods run',
  );
  assert.match(
    statusOf(server)?.operation?.waitingFor ?? '',
    /data-zk-0 to grow to 2Gi: waiting for its file system/,
  );
  await clock.advance(3 * 60_000);

  const restarted: string[] = [];
  for (let i = 0; i < 20 && restarted.length < 3; i++) {
    const result = await run();
    restarted.push(...result.actions.filter((a) => a.startsWith('restart member')));
    for (const pod of MEMBERS) {
      // The kubelet grows the file system when the pod mounts the volume.
      if (!server.peek(PODS, { namespace: NS, name: pod })) {
        await startPods();
        await user.mergePatch(
          PVCS,
          { namespace: NS, name: `data-${pod}` },
          { status: { capacity: { storage: '2Gi' }, conditions: null } },
        );
      }
    }
  }
  assert.deepEqual(restarted, ['restart member 2', 'restart member 3', 'restart member 1']);
  for (let i = 0; i < 5 && !server.peek<V1StatefulSet>(STATEFULSETS, REF)?.metadata?.deletionTimestamp; i++) {
    await run();
  }
  server.collectGarbage();
  await run();
  assert.deepEqual(templateSizes(bed), ['2Gi']);
  assert.ok((await run()).ready);
});
