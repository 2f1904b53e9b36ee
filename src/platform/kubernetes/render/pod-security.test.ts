/** Every container of every rendering meets PodSecurity `restricted`. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { V1Container, V1PodSpec } from '@kubernetes/client-node';
import { renderObjects } from './render-objects.ts';
import { ZOOKEEPER_UID } from './security-context.ts';
import { podSpecOf, storedZooKeeper } from './testing/test-helpers.ts';
import { GOLDEN_CASES } from './testing/testdata-cases.ts';

function assertRestricted(pod: V1PodSpec, container: V1Container, where: string): void {
  const c = container.securityContext;
  assert.ok(c, `${where}: no security context`);
  assert.equal(c.allowPrivilegeEscalation, false, `${where}: allowPrivilegeEscalation`);
  assert.notEqual(c.privileged, true, `${where}: privileged`);
  assert.deepEqual(c.capabilities?.drop, ['ALL'], `${where}: capabilities`);
  assert.equal(c.capabilities?.add, undefined, `${where}: added capabilities`);
  assert.equal(c.readOnlyRootFilesystem, true, `${where}: readOnlyRootFilesystem`);
  assert.ok(c.runAsNonRoot ?? pod.securityContext?.runAsNonRoot, `${where}: runAsNonRoot`);
  const seccomp = c.seccompProfile?.type ?? pod.securityContext?.seccompProfile?.type;
  assert.equal(seccomp, 'RuntimeDefault', `${where}: seccomp`);
}

test('every container of every golden case meets PodSecurity restricted', () => {
  for (const [name, { zk, options }] of Object.entries(GOLDEN_CASES)) {
    const pod = podSpecOf(renderObjects(zk, options));
    const containers = [...(pod.initContainers ?? []), ...pod.containers];
    const tls = zk.spec.tls?.client?.enabled || zk.spec.tls?.quorum?.enabled;
    assert.equal(containers.length, tls ? 3 : 2, name);
    for (const container of containers) assertRestricted(pod, container, `${name}/${container.name}`);
    assert.equal(pod.securityContext?.runAsUser, ZOOKEEPER_UID, name);
    assert.equal(pod.securityContext?.fsGroup, ZOOKEEPER_UID, name);
    assert.equal(pod.automountServiceAccountToken, false, name);
    assert.equal(pod.hostNetwork, undefined, name);
  }
});

test('every path ZooKeeper writes is a volume, never the root filesystem', () => {
  const pod = podSpecOf(renderObjects(storedZooKeeper({ storage: { dataLog: { size: '1Gi' } } })));
  const [init] = pod.initContainers ?? [];
  const [server] = pod.containers;
  const mounts = (c: V1Container | undefined) => new Map(c?.volumeMounts?.map((m) => [m.mountPath, m]));
  for (const path of ['/data', '/datalog', '/logs', '/tmp']) {
    assert.ok(mounts(server).has(path), `zookeeper container: ${path} is not mounted`);
    assert.notEqual(mounts(server).get(path)?.readOnly, true, `${path} must be writable`);
  }
  for (const path of ['/data', '/datalog']) assert.ok(mounts(init).has(path), `init container: ${path}`);
  assert.equal(mounts(server).get('/zkop')?.readOnly, true);
});

test('spec.pod.securityContext fields are laid over the defaults', () => {
  const zk = storedZooKeeper({ pod: { securityContext: { fsGroup: 2000 } } });
  const context = podSpecOf(renderObjects(zk)).securityContext;
  assert.equal(context?.fsGroup, 2000);
  assert.equal(context?.runAsNonRoot, true);
  assert.equal(context?.seccompProfile?.type, 'RuntimeDefault');
});
