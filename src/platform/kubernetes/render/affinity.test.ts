import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderObjects } from './render-objects.ts';
import { podSpecOf, storedZooKeeper } from './testing/test-helpers.ts';

const affinity = (spec: Parameters<typeof storedZooKeeper>[0]) =>
  podSpecOf(renderObjects(storedZooKeeper(spec))).affinity;

const term = {
  labelSelector: {
    matchLabels: {
      'app.kubernetes.io/name': 'zookeeper',
      'app.kubernetes.io/instance': 'zk',
      'app.kubernetes.io/component': 'server',
    },
  },
  topologyKey: 'kubernetes.io/hostname',
};

test('antiAffinity preferred (the default) is a weighted preference per node', () => {
  assert.deepEqual(affinity({}), {
    podAntiAffinity: {
      preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: term }],
    },
  });
});

test('antiAffinity required forbids two members on one node', () => {
  assert.deepEqual(affinity({ pod: { antiAffinity: 'required' } }), {
    podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term] },
  });
});

test('antiAffinity none leaves the user affinity alone', () => {
  const nodeAffinity = { preferredDuringSchedulingIgnoredDuringExecution: [] };
  assert.deepEqual(affinity({ pod: { antiAffinity: 'none', affinity: { nodeAffinity } } }), { nodeAffinity });
});

test('the user anti-affinity terms are kept and zkop adds its own', () => {
  const own = { weight: 5, podAffinityTerm: { topologyKey: 'zone' } };
  const merged = affinity({
    pod: { affinity: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [own] } } },
  });
  assert.deepEqual(merged?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution, [
    own,
    { weight: 100, podAffinityTerm: term },
  ]);
});
