import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { V1ConfigMap } from '@kubernetes/client-node';
import { serverLine } from '../../../config/dynamic-config.ts';
import { initialMembers, superUserSecretName } from './context.ts';
import { memberServerEntry } from './members.ts';
import { memberAddress, memberDomain, memberPodName, objectNames } from './names.ts';
import { renderObjects } from './render-objects.ts';
import { findObject, storedZooKeeper } from './testing/test-helpers.ts';

test('object names derive from the ZooKeeper name', () => {
  const names = objectNames('zk');
  assert.deepEqual(
    [
      names.statefulSet,
      names.headlessService,
      names.clientService,
      names.adminService,
      names.configMap,
      names.podDisruptionBudget,
    ],
    ['zk', 'zk-hs', 'zk-client', 'zk-admin', 'zk-config', 'zk-pdb'],
  );
});

test('member id N is pod <name>-(N-1), addressed through its own Service of that name', () => {
  assert.equal(memberPodName('zk', 1), 'zk-0');
  assert.equal(memberAddress('zk', 'demo', 3), 'zk-2.demo.svc.cluster.local');
  assert.equal(memberAddress('zk', 'demo', 1, 'example.org'), 'zk-0.demo.svc.example.org');
  assert.equal(memberDomain('demo'), 'demo.svc.cluster.local');
  assert.throws(() => memberPodName('zk', 0), /positive integer/);
});

test('initial members: voters first, then observers', () => {
  assert.deepEqual(initialMembers({ replicas: 3, observers: 1 }), [
    { id: 1, role: 'participant' },
    { id: 2, role: 'participant' },
    { id: 3, role: 'participant' },
    { id: 4, role: 'observer' },
  ]);
});

test('the ConfigMap lists the committed members with the same server lines reconfigs use', () => {
  const zk = storedZooKeeper({ replicas: 3, observers: 1 });
  const cm = findObject<V1ConfigMap>(renderObjects(zk), 'ConfigMap');
  const entry = {
    name: 'zk',
    namespace: 'demo',
    ports: { client: 2181, quorum: 2888, leaderElection: 3888 },
    clientTls: false,
  };
  const expected = initialMembers({ replicas: 3, observers: 1 })
    .map((m) => serverLine(memberServerEntry(entry, m.id, m.role)))
    .join('\n');
  assert.equal(cm.data?.['zoo.cfg.dynamic'], `${expected}\n`);
  assert.equal(
    serverLine(memberServerEntry(entry, 4, 'observer')),
    'server.4=zk-3.demo.svc.cluster.local:2888:3888:observer;0.0.0.0:2181',
  );
});

test('the super user Secret: the user-named one, else <name>-super', () => {
  assert.equal(superUserSecretName(storedZooKeeper()), 'zk-super');
  assert.equal(superUserSecretName(storedZooKeeper({ auth: { superuserSecretName: 'mine' } })), 'mine');
});
