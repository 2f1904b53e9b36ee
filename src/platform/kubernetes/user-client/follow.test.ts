import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ZooKeeperStatus } from '../../../api/spec.ts';
import { ZOOKEEPERS } from '../client/resources.ts';
import { FakeKubeApi } from '../testing/fake-api.ts';
import { follow } from './follow.ts';
import type { ZooKeeperReading } from './requests.ts';

const ref = { namespace: 'ns', name: 'zk' };

function status(generation: number, ready: boolean, operation: string, waitingFor = ''): ZooKeeperStatus {
  return {
    observedGeneration: generation,
    phase: ready ? 'Running' : 'Scaling',
    conditions: [
      {
        type: 'Ready',
        status: ready ? 'True' : 'False',
        observedGeneration: generation,
        lastTransitionTime: '2026-01-01T00:00:00Z',
        reason: operation,
        message: '',
      },
    ],
    operation: { type: operation, step: '', waitingFor },
  };
}

async function ensemble(server: FakeKubeApi): Promise<void> {
  await server.client('user').create(ZOOKEEPERS, {
    apiVersion: ZOOKEEPERS.apiVersion,
    kind: ZOOKEEPERS.kind,
    metadata: ref,
    spec: { replicas: 3 },
  });
  await setStatus(server, status(1, true, 'Idle'));
}

async function setStatus(server: FakeKubeApi, value: ZooKeeperStatus): Promise<void> {
  await server.client().applyStatus(ZOOKEEPERS, {
    apiVersion: ZOOKEEPERS.apiVersion,
    kind: ZOOKEEPERS.kind,
    metadata: ref,
    status: value,
  } as never);
}

/** Runs `follow` while `steps` play the operator, one per sleep; returns the end and what was read. */
async function run(server: FakeKubeApi, generation: number, awaitWork: boolean, steps: ZooKeeperStatus[]) {
  const seen: (string | undefined)[] = [];
  let clock = 0;
  const end = await follow(
    server.client('zkop-cli'),
    ref,
    { generation, awaitWork },
    {
      timeoutMs: 10_000,
      intervalMs: 1000,
      onReading: (zk: ZooKeeperReading) => seen.push(zk.status?.operation?.waitingFor),
      now: () => clock,
      sleep: async (ms) => {
        clock += ms;
        const next = steps.shift();
        if (next) await setStatus(server, next);
      },
    },
  );
  return { end, seen };
}

test('follows a scale through the operator’s progress to Ready of the new generation', async () => {
  const server = new FakeKubeApi();
  await ensemble(server);
  const patched = await server.client('zkop-cli').mergePatch(ZOOKEEPERS, ref, { spec: { replicas: 5 } });
  assert.equal(patched.metadata?.generation, 2);
  const { end, seen } = await run(server, 2, false, [
    status(2, false, 'Scale', 'member 4 to sync'),
    status(2, false, 'Scale', 'member 5 to sync'),
    status(2, true, 'Idle'),
  ]);
  assert.equal(end.end, 'ready');
  assert.deepEqual(seen, ['', 'member 4 to sync', 'member 5 to sync', '']);
});

test('a restart ignores the Ready it started from and ends on the Ready after the work', async () => {
  const server = new FakeKubeApi();
  await ensemble(server);
  const { end, seen } = await run(server, 1, true, [
    status(1, true, 'Idle'),
    status(1, false, 'Restart', 'member 2 to restart'),
    status(1, true, 'Idle'),
  ]);
  assert.equal(end.end, 'ready');
  assert.equal(seen.length, 4);
});

test('ends with timeout when the status never gets there, and with gone when the object is deleted', async () => {
  const server = new FakeKubeApi();
  await ensemble(server);
  const late = await run(server, 2, false, []);
  assert.equal(late.end.end, 'timeout');
  await server.client('user').delete(ZOOKEEPERS, ref);
  assert.equal((await run(server, 2, false, [])).end.end, 'gone');
});
