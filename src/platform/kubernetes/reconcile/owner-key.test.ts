import assert from 'node:assert/strict';
import { test } from 'node:test';
import { API_VERSION } from '../../../api/spec.ts';
import { zooKeeperKeyOf } from './owner-key.ts';

test('an object owned by a ZooKeeper belongs to it', () => {
  const owned = {
    metadata: {
      namespace: 'ns',
      name: 'zk-config',
      ownerReferences: [{ apiVersion: API_VERSION, kind: 'ZooKeeper', name: 'zk', uid: 'u' }],
    },
  };
  assert.equal(zooKeeperKeyOf(owned), 'ns/zk');
});

test('pods and volume claims belong to the ZooKeeper of their instance label', () => {
  const pod = {
    metadata: {
      namespace: 'ns',
      name: 'zk-0',
      labels: { 'app.kubernetes.io/name': 'zookeeper', 'app.kubernetes.io/instance': 'zk' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'zk', uid: 's' }],
    },
  };
  assert.equal(zooKeeperKeyOf(pod), 'ns/zk');
});

test('objects of other applications belong to no ZooKeeper', () => {
  assert.equal(
    zooKeeperKeyOf({
      metadata: { namespace: 'ns', name: 'x', labels: { 'app.kubernetes.io/instance': 'zk' } },
    }),
    undefined,
  );
});
