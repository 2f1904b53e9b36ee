import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { stringify } from 'yaml';
import { CRD_GENERATE_COMMAND } from './crd.ts';
import { loadManifest } from './manifest.ts';
import { ZooKeeperTenantSchema } from './tenant.ts';
import { tenantConflicts } from './tenant-conflicts.ts';
import { renderTenantCrdYaml, TENANT_CRD_FILE } from './tenant-crd.ts';
import { tenant, zookeeper } from './testing/test-manifests.ts';
import { ruleSites, validateTenant, validateTenantTransition } from './validate.ts';

type Spec = Record<string, unknown>;

/** For each tenant rule: specs (or names) that keep it, that break it, and the field named. */
const cases: Record<string, { pass: [string, Spec][]; fail: [string, Spec][]; path: string }> = {
  'tenant-name-format': {
    pass: [['orders-2', {}]],
    fail: [
      ['Orders', { path: '/o' }],
      ['orders-', { path: '/o' }],
      ['o'.repeat(64), { path: '/o' }],
    ],
    path: 'metadata.name',
  },
  'tenant-path-format': {
    pass: [['a', { path: '/team-a/orders_1.v2' }]],
    fail: [
      ['a', { path: 'orders' }],
      ['a', { path: '/orders/' }],
      ['a', { path: '/a//b' }],
      ['a', { path: '/a b' }],
    ],
    path: 'spec.path',
  },
  'tenant-path-no-dot-segments': {
    pass: [['a', { path: '/a..b' }]],
    fail: [
      ['a', { path: '/a/..' }],
      ['a', { path: '/./a' }],
    ],
    path: 'spec.path',
  },
  'tenant-path-not-zookeeper': {
    pass: [['a', { path: '/zookeeper2' }]],
    fail: [
      ['a', { path: '/zookeeper' }],
      ['a', { path: '/zookeeper/quota' }],
    ],
    path: 'spec.path',
  },
  'tenant-user-not-reserved': {
    pass: [['a', { user: 'superb' }]],
    fail: [['a', { user: 'super' }]],
    path: 'spec.user',
  },
  'tenant-quota-limit': {
    pass: [
      ['a', { quota: { nodes: 10 } }],
      ['a', { quota: { bytes: 1 } }],
    ],
    fail: [['a', { quota: {} }]],
    path: 'spec.quota',
  },
};

const transitions: Record<string, { change: Spec; path: string }> = {
  'tenant-path-fixed': { change: { path: '/elsewhere' }, path: 'spec.path' },
  'tenant-ensemble-fixed': { change: { ensemble: 'zk2' }, path: 'spec.ensemble' },
};

describe('ZooKeeperTenant rules', () => {
  it('every rule has cases here', () => {
    const ids = ruleSites(ZooKeeperTenantSchema).flatMap((site) => site.rules.map((r) => r.id));
    const covered = new Set([...Object.keys(cases), ...Object.keys(transitions)]);
    assert.deepEqual(
      ids.filter((id) => !covered.has(id)),
      [],
    );
  });

  for (const [id, c] of Object.entries(cases)) {
    it(`${id}: holds and is broken`, () => {
      for (const [name, spec] of c.pass) assert.deepEqual(validateTenant(tenant(name, spec)), [], name);
      for (const [name, spec] of c.fail) {
        const errors = validateTenant(tenant(name, spec));
        assert.deepEqual(
          errors.map((e) => e.path),
          [c.path],
          JSON.stringify({ name, spec, errors }),
        );
      }
    });
  }

  for (const [id, c] of Object.entries(transitions)) {
    it(`${id}: refuses the change and allows the rest`, () => {
      const before = tenant('orders');
      assert.deepEqual(validateTenantTransition(before, tenant('orders', { quota: { nodes: 5 } })), []);
      const errors = validateTenantTransition(before, tenant('orders', c.change));
      assert.deepEqual(
        errors.map((e) => e.path),
        [c.path],
      );
    });
  }

  it('refuses a user name a JAAS file cannot carry, and unknown fields, by field', () => {
    assert.deepEqual(
      validateTenant(tenant('a', { user: 'bad"name' })).map((e) => e.path),
      ['spec.user'],
    );
    assert.deepEqual(
      validateTenant(tenant('a', { user: 'a b' })).map((e) => e.path),
      ['spec.user'],
    );
    assert.match(validateTenant(tenant('a', { chroot: '/a' }))[0]?.message ?? '', /unknown field "chroot"/);
  });
});

describe('tenants of one ensemble', () => {
  it('accepts tenants on separate subtrees', () => {
    assert.deepEqual(tenantConflicts('zk', [tenant('a'), tenant('ab'), tenant('b', { path: '/a2/b' })]), []);
  });

  it('refuses overlapping paths, a shared user or name, and a missing ensemble, at the later tenant', () => {
    const errors = tenantConflicts('zk', [
      tenant('a'),
      tenant('b', { path: '/a/inner' }),
      tenant('c', { path: '/c', user: 'a' }),
      tenant('d', { ensemble: 'other' }),
    ]);
    assert.deepEqual(
      errors.map((e) => e.path),
      ['ZooKeeperTenant b: spec.path', 'ZooKeeperTenant c: spec.user', 'ZooKeeperTenant d: spec.ensemble'],
    );
    assert.match(errors[0]?.message ?? '', /\/a\/inner overlaps \/a of tenant a/);
    assert.match(errors[2]?.message ?? '', /names the ensemble other, but the ensemble here is zk/);
  });
});

describe('a manifest with tenants', () => {
  const text = (...docs: unknown[]) => docs.map((d) => stringify(d)).join('---\n');

  it('loads the ensemble and its tenants', () => {
    const loaded = loadManifest(
      text(zookeeper(), tenant('orders'), tenant('billing', { quota: { nodes: 100 } })),
    );
    assert.ok(loaded.ok);
    assert.deepEqual(
      loaded.tenants.map((t) => t.spec.path),
      ['/orders', '/billing'],
    );
  });

  it("names a tenant's field by the tenant, and refuses overlapping tenants before anything starts", () => {
    const bad = loadManifest(text(zookeeper(), tenant('orders', { path: '/zookeeper/x' })));
    assert.ok(!bad.ok);
    assert.deepEqual(
      bad.errors.map((e) => e.path),
      ['ZooKeeperTenant orders: spec.path'],
    );
    const overlap = loadManifest(text(zookeeper(), tenant('a'), tenant('b', { path: '/a/b' })));
    assert.ok(!overlap.ok);
    assert.match(overlap.errors[0]?.message ?? '', /overlaps/);
  });

  it('refuses tenants without their ensemble', () => {
    const loaded = loadManifest(text(tenant('orders')));
    assert.ok(!loaded.ok);
    assert.match(loaded.errors[0]?.message ?? '', /holds no ZooKeeper/);
  });
});

describe('ZooKeeperTenant CRD', () => {
  it(`is up to date in ${TENANT_CRD_FILE}`, () => {
    const onDisk = readFileSync(join(import.meta.dirname, '../..', TENANT_CRD_FILE), 'utf8');
    assert.ok(onDisk === renderTenantCrdYaml(), `${TENANT_CRD_FILE} is stale: run ${CRD_GENERATE_COMMAND}`);
  });

  it('carries every CEL rule of the schema', () => {
    const crd = renderTenantCrdYaml();
    for (const site of ruleSites(ZooKeeperTenantSchema))
      for (const rule of site.rules) assert.ok(crd.includes(rule.message), rule.id);
  });
});
