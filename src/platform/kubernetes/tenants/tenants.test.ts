import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { KubernetesObject, V1Secret } from '@kubernetes/client-node';
import { API_VERSION } from '../../../api/spec.ts';
import { TENANT_KIND, type ZooKeeperTenantSpec } from '../../../api/tenant.ts';
import { SECRETS, TENANTS } from '../client/resources.ts';
import { NS, setup } from '../testing/reconcile-fixture.ts';
import { CONNECTION_KEYS, JAVA_CLIENTS_ANNOTATION } from './connection-secret.ts';
import type { LiveTenant } from './live-tenant.ts';

const SASL = { auth: { client: { sasl: true } } };

function fixture(spec = SASL) {
  const f = setup(spec);
  const tenant = (name: string, over: Partial<ZooKeeperTenantSpec> = {}) =>
    f.user.create(TENANTS, {
      apiVersion: API_VERSION,
      kind: TENANT_KIND,
      metadata: { name, namespace: NS },
      spec: { ensemble: 'zk', path: `/apps/${name}`, ...over },
    } as KubernetesObject);
  const secret = (name: string) => f.server.peek<V1Secret>(SECRETS, { namespace: NS, name });
  const value = (s: V1Secret | undefined, key: string) =>
    Buffer.from(s?.data?.[key] ?? '', 'base64').toString('utf8');
  const tenantObject = (name: string) => f.server.peek<LiveTenant>(TENANTS, { namespace: NS, name });
  const ready = (name: string) => tenantObject(name)?.status?.conditions?.find((c) => c.type === 'Ready');
  return { ...f, tenant, secret, value, tenantObject, ready };
}

describe("the operator's tenants", () => {
  test("a tenant's user joins the members' JAAS file, its connection Secret holds the chroot and credentials", async () => {
    const f = fixture();
    await f.create();
    await f.tenant('orders', { quota: { nodes: 10 } });
    await f.run();
    const connection = f.secret('orders-zookeeper');
    const password = f.value(connection, CONNECTION_KEYS.password);
    assert.equal(password, 'not-random');
    assert.equal(
      f.value(connection, CONNECTION_KEYS.connectString),
      'zk-client.demo.svc.cluster.local:2181/apps/orders',
    );
    assert.equal(f.value(connection, CONNECTION_KEYS.user), 'orders');
    assert.match(f.value(connection, CONNECTION_KEYS.jaas), /^Client \{/);
    assert.match(f.value(connection, CONNECTION_KEYS.javaFlags), /-Dzookeeper\.fips-mode=false/);
    assert.match(connection?.metadata?.annotations?.[JAVA_CLIENTS_ANNOTATION] ?? '', /refuses DIGEST-MD5/);
    assert.equal(connection?.metadata?.ownerReferences?.[0]?.kind, TENANT_KIND);
    assert.match(f.value(f.secret('zk-jaas'), 'jaas.conf'), /user_orders="not-random"/);
    assert.deepEqual(f.tenantObject('orders')?.metadata.finalizers, ['zookeeper.zkop.dev/cleanup']);
    assert.equal(f.ready('orders')?.reason, 'MembersRestarting');
  });

  test('a conflicting tenant, a missing password Secret and an ensemble without SASL are conditions and Events, not failed reconciles', async () => {
    const f = fixture();
    await f.create();
    await f.tenant('first', { path: '/apps' });
    await f.tenant('inside', { path: '/apps/inside' });
    await f.tenant('theirs', { path: '/theirs', passwordSecretRef: { name: 'nowhere', key: 'password' } });
    await f.run();
    assert.equal(f.ready('inside')?.reason, 'TenantConflict');
    assert.match(f.ready('inside')?.message ?? '', /overlaps \/apps of tenant first/);
    assert.equal(f.ready('theirs')?.reason, 'PasswordSecretNotFound');
    assert.match(f.ready('theirs')?.message ?? '', /Secret demo\/nowhere does not exist/);
    const jaas = f.value(f.secret('zk-jaas'), 'jaas.conf');
    assert.match(jaas, /user_first=/);
    assert.doesNotMatch(jaas, /user_inside=|user_theirs=/);
    const warnings = f.events.notes.filter((e) => e.type === 'Warning').map((e) => e.reason);
    assert.ok(
      warnings.includes('TenantConflict') && warnings.includes('PasswordSecretNotFound'),
      `${warnings}`,
    );

    const open = fixture({ auth: { client: { sasl: false } } });
    await open.create();
    await open.tenant('orders');
    await open.run();
    assert.equal(open.ready('orders')?.reason, 'ClientSaslOff');
  });

  test('a tenant of an ensemble that is not there says so', async () => {
    const f = fixture();
    await f.tenant('lost');
    assert.equal((await f.run()).operation, 'Gone');
    assert.equal(f.ready('lost')?.reason, 'EnsembleNotFound');
    assert.match(f.ready('lost')?.message ?? '', /there is no ZooKeeper zk in namespace demo/);
  });
});
