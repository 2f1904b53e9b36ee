/**
 * Each `spec.deletionPolicy` on the test cluster (ADR 0091), with one-member ensembles in a
 * `restricted` namespace: Delete removes the objects and volume claims; Retain keeps the claims and a
 * re-created ensemble of the same name comes back with its data; WipeOut removes the claims and the
 * generated Secret; DoNotTerminate is refused by the API server (the chart's admission policy) until
 * the policy is changed. installOperator() rolls the operator built from this tree and applies the
 * chart, admission policy included.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ZkClient } from '../../src/zk/client.ts';
import { kubectl, kubectlOk, waitFor } from '../cluster/cluster.ts';
import {
  applyZooKeeper,
  deleteNamespace,
  getZooKeeper,
  installOperator,
  patchSpec,
  podAddress,
  testNamespace,
  waitReady,
} from './operator-install.ts';

const RETAINED_ANNOTATION = 'zookeeper.zkop.dev/retained-from';
const SMALL = {
  version: '3.9.4',
  replicas: 1,
  resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '512Mi' } },
  jvm: { heap: '160Mi' },
  storage: { size: '1Gi' },
};
let ns = '';

before(() => {
  installOperator();
  ns = testNamespace('zkop-e2e-delpol');
});

after(() => {
  if (!ns) return;
  // A DoNotTerminate ensemble left by a failed test would hold the namespace.
  const left = kubectl(['-n', ns, 'get', 'zookeepers', '-o', 'name']).stdout.split('\n').filter(Boolean);
  for (const object of left) {
    kubectl(['-n', ns, 'patch', object, '--type=merge', '-p', '{"spec":{"deletionPolicy":"Delete"}}']);
  }
  deleteNamespace(ns);
});

const names = (kind: string, instance: string): string[] =>
  kubectlOk(['-n', ns, 'get', kind, '-l', `app.kubernetes.io/instance=${instance}`, '-o', 'name'])
    .split('\n')
    .filter(Boolean);
const exists = (kind: string, name: string): boolean => kubectl(['-n', ns, 'get', kind, name]).code === 0;

function deleteZooKeeper(name: string): void {
  kubectlOk(['-n', ns, 'delete', 'zookeeper', name, '--wait=true', '--timeout=180s'], undefined, 200_000);
}

/** Waits until garbage collection removed the ensemble's StatefulSet and pods. */
async function waitWorkloadGone(name: string): Promise<void> {
  await waitFor(
    `${name}'s StatefulSet and pods to be gone`,
    180_000,
    () => (!exists('statefulset', name) && names('pods', name).length === 0) || undefined,
    2000,
  );
}

async function withClient<T>(name: string, use: (client: ZkClient) => Promise<T>): Promise<T> {
  const client = await ZkClient.connect({
    servers: `${podAddress(ns, `${name}-0`)}:2181`,
    connectTimeoutMs: 15_000,
  });
  try {
    return await use(client);
  } finally {
    await client.close();
  }
}

test('Delete: the objects and the volume claims are gone', async () => {
  applyZooKeeper(ns, 'del', { ...SMALL, deletionPolicy: 'Delete' });
  await waitReady(ns, 'del');
  assert.deepEqual(names('pvc', 'del'), ['persistentvolumeclaim/data-del-0']);
  deleteZooKeeper('del');
  await waitWorkloadGone('del');
  await waitFor('the claims and owned objects to be gone', 120_000, () => {
    const left = [
      ...names('pvc', 'del'),
      ...names('configmap', 'del'),
      ...names('service', 'del'),
      ...(exists('secret', 'del-super') ? ['secret/del-super'] : []),
    ];
    return left.length === 0 || undefined;
  });
});

test('Retain: the claims stay, and a re-created ensemble of the same name serves the data', async () => {
  applyZooKeeper(ns, 'ret', { ...SMALL, deletionPolicy: 'Retain' });
  await waitReady(ns, 'ret');
  const oldUid = getZooKeeper(ns, 'ret')?.metadata.uid;
  await withClient('ret', (client) => client.create('/kept', { data: Buffer.from('before deletion') }));

  deleteZooKeeper('ret');
  await waitWorkloadGone('ret');
  assert.deepEqual(names('pvc', 'ret'), ['persistentvolumeclaim/data-ret-0']);
  const mark = kubectlOk(['-n', ns, 'get', 'pvc', 'data-ret-0', '-o', 'json']);
  const annotations = (JSON.parse(mark) as { metadata: { annotations?: Record<string, string> } }).metadata
    .annotations;
  assert.equal(JSON.parse(annotations?.[RETAINED_ANNOTATION] ?? '{}').uid, oldUid);
  assert.ok(exists('secret', 'ret-super'), 'the generated Secret is kept with the claims');

  applyZooKeeper(ns, 'ret', { ...SMALL, deletionPolicy: 'Delete' });
  await waitReady(ns, 'ret');
  const data = await withClient('ret', async (client) => {
    await client.sync('/kept');
    return (await client.getData('/kept')).data.toString('utf8');
  });
  assert.equal(data, 'before deletion');

  deleteZooKeeper('ret');
  await waitFor(
    'the adopted claim to be deleted by the new policy',
    120_000,
    () => names('pvc', 'ret').length === 0 || undefined,
  );
});

test('WipeOut: the claims and the generated Secret are gone', async () => {
  applyZooKeeper(ns, 'wipe', { ...SMALL, deletionPolicy: 'WipeOut' });
  await waitReady(ns, 'wipe');
  assert.ok(exists('secret', 'wipe-super'));
  deleteZooKeeper('wipe');
  // Deleted by the finalizer before the object went, not left to garbage collection.
  assert.equal(exists('secret', 'wipe-super'), false);
  await waitWorkloadGone('wipe');
  await waitFor('the claims to be gone', 120_000, () => names('pvc', 'wipe').length === 0 || undefined);
});

test('DoNotTerminate: the API server refuses the deletion until the policy changes', async () => {
  applyZooKeeper(ns, 'dnt', { ...SMALL, deletionPolicy: 'DoNotTerminate' });
  await waitReady(ns, 'dnt');
  const refused = kubectl(['-n', ns, 'delete', 'zookeeper', 'dnt', '--wait=false']);
  assert.notEqual(refused.code, 0, refused.stdout);
  assert.match(
    refused.stderr,
    new RegExp(
      `ZooKeeper ${ns}/dnt has spec.deletionPolicy DoNotTerminate: set it to Delete, Retain or WipeOut before deleting it`,
    ),
  );
  const untouched = JSON.parse(kubectlOk(['-n', ns, 'get', 'zookeeper', 'dnt', '-o', 'json'])) as {
    metadata: { deletionTimestamp?: string };
  };
  assert.equal(untouched.metadata.deletionTimestamp, undefined);
  await waitReady(ns, 'dnt');

  patchSpec(ns, 'dnt', { deletionPolicy: 'Delete' });
  deleteZooKeeper('dnt');
  assert.equal(getZooKeeper(ns, 'dnt'), undefined);
  await waitWorkloadGone('dnt');
  await waitFor('the claims to be gone', 120_000, () => names('pvc', 'dnt').length === 0 || undefined);
});
