/** Rules every rendered object follows, and the small objects around the StatefulSet. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type {
  V1ConfigMap,
  V1EndpointSlice,
  V1PodDisruptionBudget,
  V1Service,
  V1ServiceAccount,
} from '@kubernetes/client-node';
import { stringify } from 'yaml';
import { renderObjects } from './render-objects.ts';
import { findObject, podSpecOf, storedZooKeeper, TEST_UID } from './testing/test-helpers.ts';
import { GOLDEN_CASES } from './testing/testdata-cases.ts';

describe('every object', () => {
  for (const [name, { zk, options }] of Object.entries(GOLDEN_CASES)) {
    test(`${name}: owned by the ZooKeeper, in its namespace, labelled`, () => {
      for (const object of renderObjects(zk, options)) {
        const what = `${object.kind}/${object.metadata?.name}`;
        assert.equal(object.metadata?.namespace, zk.metadata.namespace, what);
        assert.deepEqual(
          object.metadata?.ownerReferences,
          [
            {
              apiVersion: 'zookeeper.zkop.dev/v1alpha1',
              kind: 'ZooKeeper',
              name: zk.metadata.name,
              uid: TEST_UID,
              controller: true,
              blockOwnerDeletion: true,
            },
          ],
          what,
        );
        const labels = object.metadata?.labels ?? {};
        assert.equal(labels['app.kubernetes.io/name'], 'zookeeper', what);
        assert.equal(labels['app.kubernetes.io/instance'], zk.metadata.name, what);
        assert.equal(labels['app.kubernetes.io/managed-by'], 'zkop', what);
        assert.ok(labels['app.kubernetes.io/component'], what);
      }
    });

    test(`${name}: never skipACL`, () => {
      assert.doesNotMatch(stringify(renderObjects(zk, options)), /skipACL/i);
    });
  }

  test('names are unique per kind', () => {
    const { zk, options } = GOLDEN_CASES.everything ?? assert.fail('missing case');
    const keys = renderObjects(zk, options).map((o) => `${o.kind}/${o.metadata?.name}`);
    assert.equal(new Set(keys).size, keys.length);
  });

  test('a ZooKeeper without namespace or uid is refused', () => {
    const zk = storedZooKeeper();
    assert.throws(() => renderObjects({ ...zk, metadata: { ...zk.metadata, uid: '' } }), /has no uid/);
    assert.throws(
      () => renderObjects({ ...zk, metadata: { ...zk.metadata, namespace: '' } }),
      /has no namespace/,
    );
  });
});

describe('Services', () => {
  const objects = renderObjects(
    storedZooKeeper({ services: { client: { type: 'NodePort', annotations: { a: 'b' } } } }),
  );

  test('the headless Service selects no pod: zkop writes where its names point', () => {
    const headless = findObject<V1Service>(objects, 'Service', 'zk-hs');
    assert.equal(headless.spec?.clusterIP, 'None');
    assert.equal(headless.spec?.selector, undefined);
    assert.deepEqual(
      headless.spec?.ports?.map((p) => p.name),
      ['client', 'quorum', 'election', 'metrics'],
    );
  });

  test("each pod's DNS name points at its member Service's cluster IP, once it has one", () => {
    const zk = storedZooKeeper();
    const ips = new Map([
      ['zk-0', '10.96.0.10'],
      ['zk-2', '10.96.0.12'],
    ]);
    const slice = findObject<V1EndpointSlice>(
      renderObjects(zk, { memberServiceIps: ips }),
      'EndpointSlice',
      'zk-hs',
    );
    assert.equal(slice.metadata?.labels?.['kubernetes.io/service-name'], 'zk-hs');
    // Not the EndpointSlice controller's: it would delete a slice it thinks it manages.
    assert.equal(slice.metadata?.labels?.['endpointslice.kubernetes.io/managed-by'], 'zookeeper.zkop.dev');
    assert.equal(slice.addressType, 'IPv4');
    assert.deepEqual(slice.endpoints, [
      {
        addresses: ['10.96.0.10'],
        hostname: 'zk-0',
        conditions: { ready: true },
        targetRef: { kind: 'Pod', namespace: 'demo', name: 'zk-0' },
      },
      {
        addresses: ['10.96.0.12'],
        hostname: 'zk-2',
        conditions: { ready: true },
        targetRef: { kind: 'Pod', namespace: 'demo', name: 'zk-2' },
      },
    ]);
    assert.deepEqual(
      slice.ports?.map((p) => [p.name, p.port]),
      [
        ['client', 2181],
        ['quorum', 2888],
        ['election', 3888],
        ['metrics', 7000],
      ],
    );
    const v6 = renderObjects(zk, { memberServiceIps: new Map([['zk-1', 'fd00::1']]) });
    assert.equal(findObject<V1EndpointSlice>(v6, 'EndpointSlice', 'zk-hs').addressType, 'IPv6');
    const none = findObject<V1EndpointSlice>(renderObjects(zk), 'EndpointSlice', 'zk-hs');
    assert.deepEqual(none.endpoints, []);
  });

  test('every member has a Service of its own with a cluster IP, and its server line names it', () => {
    const members = objects.filter(
      (o): o is V1Service =>
        o.kind === 'Service' && o.metadata?.labels?.['app.kubernetes.io/component'] === 'member',
    );
    assert.deepEqual(
      members.map((s) => s.metadata?.name),
      ['zk-0', 'zk-1', 'zk-2'],
    );
    for (const service of members) {
      // A cluster IP outlives the pod; a headless name would resolve to the pod's own address, which
      // peers cache after the pod is gone.
      assert.notEqual(service.spec?.clusterIP, 'None');
      assert.equal(service.spec?.publishNotReadyAddresses, true);
      assert.equal(service.spec?.selector?.['statefulset.kubernetes.io/pod-name'], service.metadata?.name);
      assert.deepEqual(
        service.spec?.ports?.map((p) => p.name),
        ['client', 'quorum', 'election', 'metrics'],
      );
    }
    const config = findObject<V1ConfigMap>(objects, 'ConfigMap', 'zk-config');
    const hosts = [...(config.data?.['zoo.cfg.dynamic'] ?? '').matchAll(/^server\.\d+=([^:]+):/gm)].map(
      (m) => m[1],
    );
    assert.deepEqual(
      hosts,
      members.map((s) => `${s.metadata?.name}.demo.svc.cluster.local`),
    );
  });

  test('member Services follow the pod count', () => {
    const services = (podCount: number) =>
      renderObjects(storedZooKeeper(), { podCount }).filter(
        (o) => o.kind === 'Service' && o.metadata?.labels?.['app.kubernetes.io/component'] === 'member',
      ).length;
    assert.equal(services(4), 4);
    assert.equal(services(2), 2);
  });

  test('the client Service has the type and annotations of spec.services.client', () => {
    const client = findObject<V1Service>(objects, 'Service', 'zk-client');
    assert.equal(client.spec?.type, 'NodePort');
    assert.deepEqual(client.metadata?.annotations, { a: 'b' });
    assert.equal(client.spec?.publishNotReadyAddresses, undefined);
    assert.deepEqual(
      client.spec?.ports?.map((p) => p.port),
      [2181],
    );
  });

  test('the admin Service exists only when enabled', () => {
    assert.deepEqual(
      findObject<V1Service>(objects, 'Service', 'zk-admin').spec?.ports?.map((p) => p.port),
      [8080],
    );
    const off = renderObjects(storedZooKeeper({ services: { admin: { enabled: false } } }));
    assert.equal(off.filter((o) => o.metadata?.name === 'zk-admin').length, 0);
  });
});

describe('the other objects', () => {
  test('PodDisruptionBudget from spec.disruption', () => {
    const pdb = findObject<V1PodDisruptionBudget>(
      renderObjects(storedZooKeeper({ disruption: { maxUnavailable: 0 } })),
      'PodDisruptionBudget',
    );
    assert.equal(pdb.metadata?.name, 'zk-pdb');
    assert.equal(pdb.spec?.maxUnavailable, 0);
  });

  test('ServiceAccount without a token', () => {
    const sa = findObject<V1ServiceAccount>(renderObjects(storedZooKeeper()), 'ServiceAccount');
    assert.equal(sa.automountServiceAccountToken, false);
  });

  test('ConfigMap: config templates and scripts', () => {
    const cm = findObject<V1ConfigMap>(renderObjects(storedZooKeeper()), 'ConfigMap', 'zk-config');
    assert.deepEqual(Object.keys(cm.data ?? {}).sort(), [
      'init.sh',
      'live.sh',
      'logback.xml',
      'ready.sh',
      'tls-files.sh',
      'tls-ready.sh',
      'zoo.cfg',
      'zoo.cfg.dynamic',
      'zoo.cfg.dynamic.version',
    ]);
  });

  test('a 3.7 image logs through reload4j: the ConfigMap carries log4j.properties and the JVM points at it', () => {
    const objects = renderObjects(storedZooKeeper({ version: '3.7.2' }));
    const cm = findObject<V1ConfigMap>(objects, 'ConfigMap', 'zk-config');
    assert.ok(cm.data?.['log4j.properties']?.includes('org.apache.log4j.ConsoleAppender'));
    assert.equal(cm.data?.['logback.xml'], undefined);
    const server = podSpecOf(objects).containers.find((c) => c.name === 'zookeeper');
    const flags = server?.env?.find((e) => e.name === 'SERVER_JVMFLAGS')?.value ?? '';
    assert.match(flags, /-Dlog4j\.configuration=file:\S+\/log4j\.properties/);
    assert.doesNotMatch(flags, /logback/);
  });

  test('optional objects only when asked for', () => {
    const kinds = (spec: Parameters<typeof storedZooKeeper>[0], options = {}) =>
      renderObjects(storedZooKeeper(spec), options).map((o) => o.kind);
    const plain = kinds({});
    for (const kind of ['NetworkPolicy', 'ServiceMonitor', 'PrometheusRule', 'Secret']) {
      assert.ok(!plain.includes(kind), kind);
    }
    const all = kinds(
      { monitoring: { serviceMonitor: true, prometheusRule: true } },
      { networkPolicy: true, operatorNamespace: 'ops' },
    );
    for (const kind of ['NetworkPolicy', 'ServiceMonitor', 'PrometheusRule'])
      assert.ok(all.includes(kind), kind);
  });

  test('a NetworkPolicy needs the operator namespace', () => {
    assert.throws(() => renderObjects(storedZooKeeper(), { networkPolicy: true }), /operator namespace/);
  });
});
