import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ZooKeeperTenant } from '../../../api/tenant.ts';
import { NO_TENANTS, planTenants } from './tenant-plan.ts';

const tenant = (
  name: string,
  path: string,
  spec: Partial<ZooKeeperTenant['spec']> = {},
): ZooKeeperTenant => ({
  apiVersion: 'zookeeper.zkop.dev/v1alpha1',
  kind: 'ZooKeeperTenant',
  metadata: { name },
  spec: { ensemble: 'zk', path, deletionPolicy: 'Retain', ...spec },
});

let counter = 0;
const password = () => `pw${++counter}`;

describe('the tenants a local ensemble carries', () => {
  it('gives each new tenant its user (default its name) and a password made once', () => {
    const first = planTenants(NO_TENANTS, [tenant('a', '/a'), tenant('b', '/b', { user: 'bee' })], password);
    assert.deepEqual(
      Object.values(first.tenants).map((t) => [t.name, t.user, t.path]),
      [
        ['a', 'a', '/a'],
        ['b', 'bee', '/b'],
      ],
    );
    const again = planTenants(
      first,
      [tenant('a', '/a', { quota: { nodes: 5 } }), tenant('b', '/b')],
      password,
    );
    assert.equal(again.tenants.a?.password, first.tenants.a?.password);
    assert.deepEqual(again.tenants.a?.quota, { nodes: 5 });
    assert.equal(again.tenants.b?.user, 'b');
  });

  it('forgets a removed Retain tenant and keeps a removed Delete tenant until its path is removed', () => {
    const before = planTenants(
      NO_TENANTS,
      [tenant('keep', '/keep'), tenant('gone', '/gone', { deletionPolicy: 'Delete' })],
      password,
    );
    const after = planTenants(before, [], password);
    assert.deepEqual(after.tenants, {});
    assert.deepEqual(
      after.toDelete.map((t) => t.path),
      ['/gone'],
    );
    assert.deepEqual(planTenants(after, [], password).toDelete, after.toDelete);
  });

  it('never deletes a path a tenant owns again', () => {
    const before = planTenants(NO_TENANTS, [tenant('gone', '/gone', { deletionPolicy: 'Delete' })], password);
    const removed = planTenants(before, [], password);
    assert.deepEqual(planTenants(removed, [tenant('back', '/gone/inner')], password).toDelete, []);
  });

  it("refuses to move a kept tenant's path", () => {
    const before = planTenants(NO_TENANTS, [tenant('a', '/a')], password);
    assert.throws(() => planTenants(before, [tenant('a', '/b')], password), /spec\.path cannot change/);
  });
});
