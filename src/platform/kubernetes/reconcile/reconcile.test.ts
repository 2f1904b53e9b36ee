import assert from 'node:assert/strict';
import { test } from 'node:test';
import type {
  KubernetesObject,
  V1EndpointSlice,
  V1PersistentVolumeClaim,
  V1Pod,
  V1Service,
  V1StatefulSet,
} from '@kubernetes/client-node';
import { ZKOP_VERSION } from '../../../build-info.ts';
import {
  CONFIGMAPS,
  ENDPOINT_SLICES,
  PODS,
  PVCS,
  SECRETS,
  SERVICES,
  STATEFULSETS,
  ZOOKEEPERS,
} from '../client/resources.ts';
import { RESTART_TOKEN_ANNOTATION } from '../render/index.ts';
import { condition, NS, REF, setup, statusOf } from '../testing/reconcile-fixture.ts';
import type { LiveZooKeeper } from './context.ts';
import { HOLDS_DATA_ANNOTATION } from './member-facts.ts';
import { CATCH_UP_POLL_MS, POLL_MS } from './reconcile.ts';

test('a new ensemble gets its objects, a Secret, a finalizer and a status; then the pod names point at the member Services, and the next reconcile writes nothing', async () => {
  const { server, run, create } = setup();
  await create();
  const first = await run();
  assert.ok(first.actions.includes('apply StatefulSet zk'), first.actions.join(', '));
  assert.ok(first.actions.includes('create Secret zk-super'));
  assert.ok(first.actions.includes('set finalizer'));
  assert.equal(server.peek<V1StatefulSet>(STATEFULSETS, REF)?.spec?.replicas, 3);
  assert.ok(server.peek(CONFIGMAPS, { namespace: NS, name: 'zk-config' }));
  assert.ok(server.peek(SECRETS, { namespace: NS, name: 'zk-super' }));
  assert.equal(statusOf(server)?.phase, 'Creating');
  assert.equal(first.requeueAfterMs, 5000);

  // The member Services got their cluster IPs when they were created.
  const second = await run();
  assert.deepEqual(second.actions, ['apply EndpointSlice zk-hs']);
  const third = await run();
  assert.deepEqual(third.writes, []);
  assert.deepEqual(third.actions, []);
});

test('the status records the version of the operator that last reconciled; an operator upgrade writes it once', async () => {
  const { server, run, create, startPods } = setup();
  await create();
  await run();
  await startPods();
  await run();
  await run();
  assert.equal(statusOf(server)?.operatorVersion, ZKOP_VERSION);
  assert.deepEqual((await run()).writes, [], 'the same operator writes no status for an unchanged ensemble');

  const upgraded = await run({ operatorVersion: '9.9.9' });
  assert.deepEqual(upgraded.actions, ['write status']);
  const status = statusOf(server);
  assert.equal(status?.operatorVersion, '9.9.9');
  assert.equal(condition(status, 'Ready')?.status, 'True');
  assert.deepEqual((await run({ operatorVersion: '9.9.9' })).writes, []);
});

test('a serving ensemble becomes Ready; once its volumes are marked, a reconcile makes no write call', async () => {
  const { server, run, create, startPods } = setup();
  await create();
  await run();
  await startPods();
  const serving = await run();
  assert.ok(serving.ready);
  assert.ok(serving.actions.includes('mark volume data-zk-0'));
  const status = statusOf(server);
  assert.equal(status?.phase, 'Running');
  assert.equal(status?.leader, 'zk-0');
  assert.equal(status?.readyMembers, '3/3');
  assert.equal(status?.configVersion, '0x100000000');
  assert.equal(status?.version, '3.9.4');
  assert.equal(status?.endpoints?.client, 'zk-client.demo.svc:2181');
  assert.equal(condition(status, 'Ready')?.status, 'True');
  assert.equal(condition(status, 'Available')?.status, 'True');
  assert.equal(condition(status, 'Degraded')?.status, 'False');
  assert.deepEqual(
    status?.members?.map((m) => [m.name, m.role, m.state, m.voting]),
    [
      ['zk-0', 'leader', 'serving', true],
      ['zk-1', 'follower', 'serving', true],
      ['zk-2', 'follower', 'serving', true],
    ],
  );
  // Each pod's DNS name resolves to its member Service's cluster IP, once the API server gave it one.
  const slice = server.peek<V1EndpointSlice>(ENDPOINT_SLICES, { namespace: NS, name: 'zk-hs' });
  const memberIp = (name: string) =>
    server.peek<V1Service>(SERVICES, { namespace: NS, name })?.spec?.clusterIP;
  assert.deepEqual(
    slice?.endpoints?.map((e) => [e.hostname, e.addresses]),
    ['zk-0', 'zk-1', 'zk-2'].map((pod) => [pod, [memberIp(pod)]]),
  );
  assert.equal(
    server.peek<V1PersistentVolumeClaim>(PVCS, { namespace: NS, name: 'data-zk-1' })?.metadata?.annotations?.[
      HOLDS_DATA_ANNOTATION
    ],
    'true',
  );

  for (let i = 0; i < 3; i++) {
    const idle = await run();
    assert.deepEqual(idle.writes, [], `idle reconcile ${i} wrote ${JSON.stringify(idle.writes)}`);
    // Reads only: each rendered object, which the controller serves from its watch caches (read
    // through the API here); zkop's super user Secret comes from the cache of zkop's Secrets. The
    // StatefulSet is read first by validate.ts (client SASL is set at creation).
    assert.deepEqual(
      idle.calls.map((c) => `${c.verb} ${c.kind}`),
      [
        'get StatefulSet',
        'get StatefulSet',
        'get ServiceAccount',
        'get ConfigMap',
        'get Service',
        'get Service',
        'get Service',
        'get Service',
        'get EndpointSlice',
        'get Service',
        'get Service',
        'get PodDisruptionBudget',
        'get StatefulSet',
      ],
    );
    assert.equal(idle.requeueAfterMs, undefined);
  }
});

test('an invalid spec is refused in the status with its message, and nothing is applied', async () => {
  const { server, run, create } = setup({ replicas: 4 });
  await create();
  const result = await run();
  assert.equal(result.operation, 'Invalid');
  assert.deepEqual(
    result.writes.map((w) => w.verb),
    ['applyStatus'],
  );
  const ready = condition(statusOf(server), 'Ready');
  assert.equal(ready?.reason, 'InvalidSpec');
  assert.match(ready?.message ?? '', /spec\.replicas: must be odd/);
  assert.equal(statusOf(server)?.phase, 'Failed');
  assert.deepEqual((await run()).writes, []);
});

test('a config change re-applies the config and rolls a follower first, with an Event', async () => {
  const { server, user, run, create, startPods, events } = setup();
  await create();
  await run();
  await startPods();
  await run();
  const zk = server.peek<LiveZooKeeper>(ZOOKEEPERS, REF);
  await user.apply(ZOOKEEPERS, {
    ...zk,
    spec: { ...zk?.spec, config: { tickTime: 3000 } },
  } as KubernetesObject);
  const oldPods = ['zk-0', 'zk-1', 'zk-2'].map(
    (name) => server.peek<V1Pod>(PODS, { namespace: NS, name })?.metadata?.uid,
  );
  const result = await run();
  assert.ok(result.actions.includes('apply ConfigMap zk-config'), result.actions.join(', '));
  assert.ok(result.actions.includes('apply StatefulSet zk'));
  const restarted = result.actions.find((a) => a.startsWith('restart member'));
  assert.ok(restarted && restarted !== 'restart member 1', `restarted ${restarted}`);
  const deleted = result.writes.filter((w) => w.verb === 'delete' && w.kind === 'Pod');
  assert.equal(deleted.length, 1);
  assert.equal(events.notes.at(-1)?.reason, 'RestartMember');
  assert.equal(statusOf(server)?.phase, 'Restarting');
  assert.equal(condition(statusOf(server), 'Progressing')?.status, 'True');
  const survivors = ['zk-0', 'zk-1', 'zk-2'].filter((name) => server.peek(PODS, { namespace: NS, name }));
  assert.equal(survivors.length, 2);
  assert.ok(oldPods.every(Boolean));
});

/** A serving ensemble of three whose user just asked for five members. */
async function scalingUp() {
  const bed = setup();
  await bed.create();
  await bed.run();
  await bed.startPods();
  await bed.run();
  const zk = bed.server.peek<LiveZooKeeper>(ZOOKEEPERS, REF);
  await bed.user.apply(ZOOKEEPERS, { ...zk, spec: { ...zk?.spec, replicas: 5 } } as KubernetesObject);
  return bed;
}

test('scaling up raises the StatefulSet one member at a time, then promotes by reconfig', async () => {
  const { server, run, startPods, ensemble } = await scalingUp();
  const grow = await run();
  assert.ok(grow.actions.includes('start member 4 as observer'), grow.actions.join(', '));
  assert.equal(server.peek<V1StatefulSet>(STATEFULSETS, REF)?.spec?.replicas, 4);
  await startPods();
  const add = await run();
  assert.ok(
    add.actions.some((a) => a.startsWith('reconfig: add member 4')),
    add.actions.join(', '),
  );
  assert.equal(ensemble.reconfigs[0]?.id, 4);
  assert.equal(ensemble.reconfigs[0]?.role, 'participant');
});

test('a deferred reconfig is shown in the status and recorded as an Event once per reason, not on every poll', async () => {
  const { server, run, startPods, ensemble, events } = await scalingUp();
  await run();
  await startPods();
  let why = 'the quorum has not synced yet';
  const deferring = {
    ensemble: {
      inspect: ensemble.inspect.bind(ensemble),
      reconfigure: async () => ({ applied: false as const, why }),
    },
  };
  const deferrals = () => events.notes.filter((n) => n.reason === 'ReconfigureDeferred').map((n) => n.note);
  for (let poll = 0; poll < 3; poll++) await run(deferring);
  assert.equal(deferrals().length, 1, deferrals().join('; '));
  assert.match(
    deferrals()[0] ?? '',
    /^reconfig: add member 4 .* not applied: the quorum has not synced yet$/,
  );
  assert.equal(
    statusOf(server)?.operation?.waitingFor,
    'ZooKeeper to take the reconfig: the quorum has not synced yet',
  );
  assert.deepEqual((await run(deferring)).writes, [], 'a poll that finds the same deferral writes nothing');

  why = 'cannot connect to the ensemble';
  await run(deferring);
  assert.equal(deferrals().length, 2);
  assert.match(statusOf(server)?.operation?.waitingFor ?? '', /reconfig: cannot connect to the ensemble$/);

  const applied = await run();
  assert.ok(
    applied.actions.some((a) => a.startsWith('reconfig: add member 4')),
    applied.actions.join(', '),
  );
  assert.doesNotMatch(statusOf(server)?.operation?.waitingFor ?? '', /take the reconfig/);
  assert.equal(deferrals().length, 2);
});

test('scaling down removes the member by reconfig, then stops its pod and deletes its Service', async () => {
  const { server, user, run, create, startPods, ensemble } = setup({ replicas: 5 });
  ensemble.voters = [1, 2, 3, 4, 5];
  await create();
  await run();
  await startPods();
  await run();
  const memberServices = async () =>
    (await user.list<V1Service>(SERVICES, { namespace: NS })).items
      .filter((s) => s.metadata?.labels?.['app.kubernetes.io/component'] === 'member')
      .map((s) => s.metadata?.name);
  assert.deepEqual(await memberServices(), ['zk-0', 'zk-1', 'zk-2', 'zk-3', 'zk-4']);
  const zk = server.peek<LiveZooKeeper>(ZOOKEEPERS, REF);
  await user.apply(ZOOKEEPERS, { ...zk, spec: { ...zk?.spec, replicas: 3 } } as KubernetesObject);
  // What the StatefulSet controller does when replicas drop: it stops the pods past them.
  const stopSurplusPods = async () => {
    const replicas = server.peek<V1StatefulSet>(STATEFULSETS, REF)?.spec?.replicas ?? 0;
    for (const pod of (await user.list<V1Pod>(PODS, { namespace: NS })).items) {
      const name = pod.metadata?.name ?? '';
      if (Number(name.slice('zk-'.length)) >= replicas) await user.delete(PODS, { namespace: NS, name });
    }
  };
  const stopped: string[] = [];
  for (let i = 0; i < 12 && (await memberServices()).length > 3; i++) {
    const pass = await run();
    stopped.push(...pass.actions);
    await stopSurplusPods();
  }
  assert.deepEqual(
    ensemble.reconfigs.map((r) => [r.kind, r.id]),
    [
      ['remove', 5],
      ['remove', 4],
    ],
  );
  assert.equal(server.peek<V1StatefulSet>(STATEFULSETS, REF)?.spec?.replicas, 3);
  assert.deepEqual(await memberServices(), ['zk-0', 'zk-1', 'zk-2']);
  assert.ok(stopped.includes('delete Service zk-4'), stopped.join(', '));
});

test('a paused ensemble gets no object and no step, only its status', async () => {
  const { server, user, run, create, startPods } = setup();
  await create();
  await run();
  await startPods();
  await run();
  const zk = server.peek<LiveZooKeeper>(ZOOKEEPERS, REF);
  await user.apply(ZOOKEEPERS, {
    ...zk,
    spec: { ...zk?.spec, paused: true, config: { tickTime: 3000 } },
  } as KubernetesObject);
  const paused = await run();
  assert.equal(paused.operation, 'Paused');
  assert.deepEqual(
    paused.writes.map((w) => w.verb),
    ['applyStatus'],
  );
  assert.equal(condition(statusOf(server), 'Progressing')?.reason, 'Paused');
  assert.deepEqual((await run()).writes, []);
});

test('while a restarted member runs but does not serve yet, the operator looks again within a second, not at the usual pace', async () => {
  const { server, user, run, create, startPods, ensemble } = setup();
  await create();
  await run();
  await startPods();
  await run();
  await user.mergePatch(ZOOKEEPERS, REF, { metadata: { annotations: { [RESTART_TOKEN_ANNOTATION]: 't1' } } });
  const restart = await run();
  const restarted = Number(restart.actions.find((a) => a.startsWith('restart member'))?.split(' ')[2]);
  assert.ok(restarted > 0, restart.actions.join(', '));
  assert.equal(restart.requeueAfterMs, POLL_MS, 'its pod is gone: the new one is watched');

  await startPods();
  ensemble.starting = [restarted];
  const starting = await run();
  assert.equal(starting.requeueAfterMs, CATCH_UP_POLL_MS);
  assert.match(statusOf(server)?.operation?.waitingFor ?? '', new RegExp(`member ${restarted} to serve`));

  ensemble.starting = [];
  const next = await run();
  assert.ok(
    next.actions.some((a) => a.startsWith('restart member')),
    next.actions.join(', '),
  );
});

test('a new restart token rolls each member once, followers first and the leader last', async () => {
  const { server, user, run, create, startPods } = setup();
  await create();
  await run();
  await startPods();
  await run();
  const podUid = (name: string) => server.peek<V1Pod>(PODS, { namespace: NS, name })?.metadata?.uid;
  const before = ['zk-0', 'zk-1', 'zk-2'].map(podUid);
  // Pods made before any restart carry no token: with none on the object either, nothing restarts.
  assert.deepEqual((await run()).writes, []);

  await user.mergePatch(ZOOKEEPERS, REF, { metadata: { annotations: { [RESTART_TOKEN_ANNOTATION]: 't1' } } });
  const restarted: string[] = [];
  for (let i = 0; i < 12; i++) {
    const result = await run();
    if (i === 0) {
      assert.ok(result.actions.includes('apply StatefulSet zk'), result.actions.join(', '));
      const sts = server.peek<V1StatefulSet>(STATEFULSETS, REF);
      assert.equal(sts?.spec?.template.metadata?.annotations?.[RESTART_TOKEN_ANNOTATION], 't1');
    }
    restarted.push(...result.actions.filter((a) => a.startsWith('restart member')));
    await startPods();
    if (result.actions.length === 0) break;
  }
  assert.deepEqual(restarted.slice(-1), ['restart member 1']);
  assert.deepEqual([...restarted].sort(), ['restart member 1', 'restart member 2', 'restart member 3']);
  const after = ['zk-0', 'zk-1', 'zk-2'].map(podUid);
  assert.ok(
    after.every((uid, i) => uid && uid !== before[i]),
    'every pod was made anew',
  );
  for (const name of ['zk-0', 'zk-1', 'zk-2']) {
    const pod = server.peek<V1Pod>(PODS, { namespace: NS, name });
    assert.equal(pod?.metadata?.annotations?.[RESTART_TOKEN_ANNOTATION], 't1');
  }
  assert.deepEqual((await run()).writes, []);
});

test('a headless Service that selected its pods: the slices the EndpointSlice controller left go once the selector is gone', async () => {
  const { server, run, create } = setup();
  await create();
  await run();
  // What an older zkop applied, and the slice the EndpointSlice controller wrote for it.
  const headless = server.peek<V1Service>(SERVICES, { namespace: NS, name: 'zk-hs' });
  const selector = { 'app.kubernetes.io/instance': 'zk' };
  await server.client().apply(SERVICES, {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'zk-hs', namespace: NS },
    spec: { ...headless?.spec, selector },
  });
  await server.client('endpointslice-controller.k8s.io').create(ENDPOINT_SLICES, {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      name: 'zk-hs-x7k2p',
      namespace: NS,
      labels: {
        ...headless?.metadata?.labels,
        'kubernetes.io/service-name': 'zk-hs',
        'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
      },
    },
    addressType: 'IPv4',
    endpoints: [{ addresses: ['10.244.1.7'], hostname: 'zk-0' }],
  });
  const slices = () =>
    ['zk-hs', 'zk-hs-x7k2p'].filter((name) => server.peek(ENDPOINT_SLICES, { namespace: NS, name }));

  // While the live Service still selects the pods, the controller would write its slice again.
  const dropping = await run();
  assert.ok(dropping.actions.includes('apply Service zk-hs'), dropping.actions.join(', '));
  assert.equal(server.peek<V1Service>(SERVICES, { namespace: NS, name: 'zk-hs' })?.spec?.selector, undefined);
  assert.deepEqual(slices(), ['zk-hs', 'zk-hs-x7k2p']);

  const cleaning = await run();
  assert.deepEqual(cleaning.actions, ['delete EndpointSlice zk-hs-x7k2p']);
  assert.deepEqual(slices(), ['zk-hs']);
  assert.deepEqual((await run()).writes, []);
});
