import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { V1StatefulSet } from '@kubernetes/client-node';
import { LEAVE_SERVICE_SECONDS } from './containers.ts';
import { CONFIG_HASH_ANNOTATION, RESTART_TOKEN_ANNOTATION, ROUTED_LABEL } from './metadata.ts';
import { renderObjects } from './render-objects.ts';
import { findObject, podSpecOf, storedZooKeeper } from './testing/test-helpers.ts';

const statefulSet = (...args: Parameters<typeof renderObjects>) =>
  findObject<V1StatefulSet>(renderObjects(...args), 'StatefulSet');

describe('StatefulSet', () => {
  test('zkop orders restarts: OnDelete, Parallel, served by the headless Service', () => {
    const spec = statefulSet(storedZooKeeper()).spec;
    assert.deepEqual(spec?.updateStrategy, { type: 'OnDelete' });
    assert.equal(spec?.podManagementPolicy, 'Parallel');
    assert.equal(spec?.serviceName, 'zk-hs');
    assert.deepEqual(spec?.persistentVolumeClaimRetentionPolicy, {
      whenDeleted: 'Retain',
      whenScaled: 'Retain',
    });
  });

  test('the pod template carries the restart token next to the config hash, and none without one', () => {
    const annotations = (token?: string) =>
      statefulSet(storedZooKeeper(), token === undefined ? {} : { restartToken: token }).spec?.template
        .metadata?.annotations ?? {};
    assert.equal(annotations('t1')[RESTART_TOKEN_ANNOTATION], 't1');
    assert.equal(annotations('t1')[CONFIG_HASH_ANNOTATION], annotations()[CONFIG_HASH_ANNOTATION]);
    assert.ok(!(RESTART_TOKEN_ANNOTATION in annotations()));
    assert.ok(!(RESTART_TOKEN_ANNOTATION in annotations('')));
  });

  test("the pods get the spec's termination grace period, 30 s unless set", () => {
    const grace = (spec = {}) =>
      statefulSet(storedZooKeeper(spec)).spec?.template.spec?.terminationGracePeriodSeconds;
    assert.equal(grace(), 30);
    assert.equal(grace({ terminationGracePeriodSeconds: 120 }), 120);
  });

  test('a member being deleted serves on for a pause in which its Service drops it, within the grace period', () => {
    const pause = (spec = {}) =>
      statefulSet(storedZooKeeper(spec)).spec?.template.spec?.containers[0]?.lifecycle?.preStop?.sleep
        ?.seconds;
    assert.equal(pause(), LEAVE_SERVICE_SECONDS);
    assert.equal(pause({ terminationGracePeriodSeconds: 2 }), 1);
    assert.equal(pause({ terminationGracePeriodSeconds: 1 }), undefined);
    const labels = statefulSet(storedZooKeeper()).spec?.template.metadata?.labels ?? {};
    assert.equal(labels[ROUTED_LABEL], 'true');
  });

  test('runs voters plus observers unless the controller says otherwise', () => {
    assert.equal(statefulSet(storedZooKeeper({ replicas: 3, observers: 2 })).spec?.replicas, 5);
    assert.equal(statefulSet(storedZooKeeper({ replicas: 3 }), { podCount: 4 }).spec?.replicas, 4);
    assert.throws(() => renderObjects(storedZooKeeper(), { podCount: -1 }), /podCount/);
  });

  test('the official image for the version, or the override', () => {
    const image = (zk: ReturnType<typeof storedZooKeeper>) =>
      podSpecOf(renderObjects(zk)).containers[0]?.image;
    assert.equal(image(storedZooKeeper({ version: '3.8.3' })), 'zookeeper:3.8.3');
    assert.equal(image(storedZooKeeper({ image: 'mirror/zk:1' })), 'mirror/zk:1');
    const pod = podSpecOf(renderObjects(storedZooKeeper({ image: 'mirror/zk:1' })));
    assert.equal(pod.initContainers?.[0]?.image, 'mirror/zk:1');
  });

  test('volume claims: data always, a transaction log volume when asked, storage class when set', () => {
    const claims = (zk: ReturnType<typeof storedZooKeeper>) =>
      statefulSet(zk).spec?.volumeClaimTemplates ?? [];
    const plain = claims(storedZooKeeper({ storage: { size: '3Gi' } }));
    assert.deepEqual(
      plain.map((c) => [c.metadata?.name, c.spec?.resources?.requests?.storage, c.spec?.storageClassName]),
      [['data', '3Gi', undefined]],
    );
    const separate = claims(
      storedZooKeeper({ storage: { storageClassName: 'ssd', dataLog: { size: '2Gi' } } }),
    );
    assert.deepEqual(
      separate.map((c) => [c.metadata?.name, c.spec?.resources?.requests?.storage, c.spec?.storageClassName]),
      [
        ['data', '10Gi', 'ssd'],
        ['datalog', '2Gi', 'ssd'],
      ],
    );
  });

  test('the claim templates keep the sizes the live StatefulSet has, when the controller says so', () => {
    const zk = storedZooKeeper({ storage: { size: '3Gi', dataLog: { size: '2Gi' } } });
    const sizes = (options: Parameters<typeof renderObjects>[1]) =>
      statefulSet(zk, options).spec?.volumeClaimTemplates?.map((c) => c.spec?.resources?.requests?.storage);
    assert.deepEqual(sizes({}), ['3Gi', '2Gi']);
    assert.deepEqual(sizes({ volumeSizes: { data: '1Gi' } }), ['1Gi', '2Gi']);
    assert.deepEqual(sizes({ volumeSizes: { data: '1Gi', dataLog: '1Gi' } }), ['1Gi', '1Gi']);
  });

  test('container ports come from spec.ports; the metrics port only with metrics on', () => {
    const ports = (zk: ReturnType<typeof storedZooKeeper>) =>
      podSpecOf(renderObjects(zk)).containers[0]?.ports?.map((p) => `${p.name}=${p.containerPort}`);
    assert.deepEqual(
      ports(storedZooKeeper({ ports: { client: 1, quorum: 2, leaderElection: 3, admin: 4, metrics: 5 } })),
      ['client=1', 'quorum=2', 'election=3', 'admin=4', 'metrics=5'],
    );
    assert.deepEqual(ports(storedZooKeeper({ monitoring: { metrics: false } })), [
      'client=2181',
      'quorum=2888',
      'election=3888',
      'admin=8080',
    ]);
  });

  test('the heap and the super digest reach the JVM through SERVER_JVMFLAGS', () => {
    const pod = podSpecOf(
      renderObjects(storedZooKeeper({ jvm: { heap: '1Gi' } }), { superPasswordSecretName: 's' }),
    );
    const env = pod.containers[0]?.env ?? [];
    const flags = env.find((e) => e.name === 'SERVER_JVMFLAGS')?.value ?? '';
    assert.match(flags, /(^| )-Xms1024m -Xmx1024m( |$)/);
    assert.match(
      flags,
      /-Dzookeeper\.DigestAuthenticationProvider\.superDigest=super:\$\(ZKOP_SUPER_DIGEST\)/,
    );
    const digestIndex = env.findIndex((e) => e.name === 'ZKOP_SUPER_DIGEST');
    const flagsIndex = env.findIndex((e) => e.name === 'SERVER_JVMFLAGS');
    assert.ok(
      digestIndex >= 0 && digestIndex < flagsIndex,
      'the digest must be defined before the flags expand it',
    );
    assert.deepEqual(env[digestIndex]?.valueFrom?.secretKeyRef, { name: 's', key: 'digest' });
  });

  test('JVM flags must be single words because zkServer.sh splits them', () => {
    assert.throws(
      () => renderObjects(storedZooKeeper({ jvm: { flags: ['-XX:OnError=kill -9 %p'] } })),
      /spec\.jvm\.flags: .* contains whitespace/,
    );
  });

  test('pod labels and annotations from spec.pod; zkop labels cannot be overridden', () => {
    const zk = storedZooKeeper({
      pod: { labels: { team: 'a', 'app.kubernetes.io/instance': 'other' }, annotations: { note: 'x' } },
    });
    const template = statefulSet(zk).spec?.template.metadata;
    assert.equal(template?.labels?.team, 'a');
    assert.equal(template?.labels?.['app.kubernetes.io/instance'], 'zk');
    assert.equal(template?.annotations?.note, 'x');
    assert.match(template?.annotations?.['zookeeper.zkop.dev/config-hash'] ?? '', /^[0-9a-f]{16}$/);
  });

  test('scheduling fields are passed through, empty ones left out', () => {
    const empty = podSpecOf(renderObjects(storedZooKeeper({ pod: { antiAffinity: 'none' } })));
    for (const field of [
      'nodeSelector',
      'affinity',
      'tolerations',
      'topologySpreadConstraints',
      'priorityClassName',
    ]) {
      assert.equal(empty[field as keyof typeof empty], undefined, field);
    }
    const full = podSpecOf(
      renderObjects(
        storedZooKeeper({
          pod: {
            nodeSelector: { disk: 'ssd' },
            tolerations: [{ key: 'k', operator: 'Exists' }],
            topologySpreadConstraints: [{ maxSkew: 1 }],
            priorityClassName: 'p',
          },
        }),
      ),
    );
    assert.deepEqual(full.nodeSelector, { disk: 'ssd' });
    assert.deepEqual(full.tolerations, [{ key: 'k', operator: 'Exists' }]);
    assert.deepEqual(full.topologySpreadConstraints, [{ maxSkew: 1 }]);
    assert.equal(full.priorityClassName, 'p');
  });
});
