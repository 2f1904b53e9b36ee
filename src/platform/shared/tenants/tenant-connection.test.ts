import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { tenantConnection } from './tenant-connection.ts';

const tenant = {
  name: 'orders',
  path: '/apps/orders',
  user: 'orders-app',
  password: 'pw',
  quota: { nodes: 100 },
  deletionPolicy: 'Retain' as const,
};

describe("a tenant's connection", () => {
  it('puts the path as chroot after the last address, with the SASL user and its password', () => {
    const c = tenantConnection(tenant, '127.0.0.1:1,127.0.0.1:2', '/s/jaas.conf', {
      fipsModeByDefault: false,
    });
    assert.equal(c.connectString, '127.0.0.1:1,127.0.0.1:2/apps/orders');
    assert.deepEqual(c.sasl, { mechanism: 'DIGEST-MD5', username: 'orders-app', password: 'pw' });
    assert.deepEqual(c.quota, { nodes: 100 });
    assert.deepEqual(c.javaFlags, ['-Djava.security.auth.login.config=/s/jaas.conf']);
  });

  it('turns FIPS mode off for Java clients of a release that defaults to it (3.9)', () => {
    const c = tenantConnection(tenant, '127.0.0.1:1', '/s/jaas.conf', { fipsModeByDefault: true });
    assert.deepEqual(c.javaFlags, [
      '-Djava.security.auth.login.config=/s/jaas.conf',
      '-Dzookeeper.fips-mode=false',
    ]);
  });
});
