import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyDefaults } from '../../../api/defaults.ts';
import { findVersion } from '../../../api/versions.ts';
import type { LocalState } from '../state/state.ts';
import { startConfigHash } from './start-config-hash.ts';

const spec = applyDefaults({ version: '3.9.4', replicas: 3 });
const features = findVersion('3.9.4');
if (!features) throw new Error('3.9.4 is in the catalog');
const hash = (s = spec, tenants?: LocalState['tenants']) =>
  startConfigHash(
    s,
    { features, logging: 'logback' },
    { superPassword: 'pw', ...(tenants ? { tenants } : {}) },
  );

test('the start config hash follows config changes but not membership', () => {
  assert.equal(hash(), hash({ ...spec, replicas: 5, observers: 2 }));
  assert.notEqual(hash(), hash({ ...spec, config: { ...spec.config, tickTime: 3000 } }));
  assert.notEqual(hash(), hash({ ...spec, jvm: { ...spec.jvm, heap: '1Gi' } }));
  assert.notEqual(hash(), hash({ ...spec, logging: { level: 'DEBUG' } }));
});

test("with client SASL, the start config hash follows the tenants' users (the JAAS file)", () => {
  const sasl = { ...spec, auth: { ...spec.auth, client: { ...spec.auth.client, sasl: true } } };
  const orders = {
    name: 'orders',
    path: '/orders',
    user: 'orders',
    password: 'o',
    deletionPolicy: 'Retain' as const,
  };
  const one = { tenants: { orders }, toDelete: [] };
  assert.notEqual(hash(sasl), hash(sasl, one));
  assert.notEqual(
    hash(sasl, one),
    hash(sasl, { tenants: { orders: { ...orders, password: 'p' } }, toDelete: [] }),
  );
  // A quota or a deletion policy is not read at start: no restart.
  assert.equal(
    hash(sasl, one),
    hash(sasl, { tenants: { orders: { ...orders, quota: { nodes: 3 } } }, toDelete: [] }),
  );
});

test('the start config hash follows the quorum password only while the quorum authenticates with SASL', () => {
  const withQuorum = (s: typeof spec, quorumPassword: string) =>
    startConfigHash(s, { features, logging: 'logback' }, { superPassword: 'pw', quorumPassword });
  const sasl = { ...spec, auth: { ...spec.auth, quorum: { ...spec.auth.quorum, sasl: true } } };
  assert.notEqual(withQuorum(sasl, 'q1'), withQuorum(sasl, 'q2'));
  assert.equal(withQuorum(spec, 'q1'), hash());
});
