/** The pod template's config hash changes exactly when what members read at start changes. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { V1StatefulSet } from '@kubernetes/client-node';
import type { ZooKeeperSpec } from '../../../api/spec.ts';
import { renderZooCfg } from '../../../config/zoo-cfg.ts';
import type { RenderOptions } from './context.ts';
import { renderContext } from './context.ts';
import { CONFIG_HASH_ANNOTATION } from './metadata.ts';
import { sharedMemberSelf } from './pod-config.ts';
import { renderEnsemble, renderObjects, startConfigHash } from './render-objects.ts';
import { findObject, storedZooKeeper } from './testing/test-helpers.ts';

function hash(spec: Partial<ZooKeeperSpec> = {}, options: RenderOptions = {}): string {
  const objects = renderObjects(storedZooKeeper(spec), options);
  const annotation = findObject<V1StatefulSet>(objects, 'StatefulSet').spec?.template.metadata?.annotations?.[
    CONFIG_HASH_ANNOTATION
  ];
  assert.ok(annotation);
  assert.equal(annotation, renderEnsemble(storedZooKeeper(spec), options).configHash);
  assert.equal(annotation, startConfigHash(storedZooKeeper(spec), options), 'the hash alone is the same');
  return annotation;
}

const base = hash();

describe('config hash', () => {
  const changes: Record<string, Partial<ZooKeeperSpec>> = {
    tickTime: { config: { tickTime: 3000 } },
    'an extra zoo.cfg key': { config: { extra: { snapCount: '1000' } } },
    autopurge: { config: { autopurge: { purgeInterval: 2 } } },
    'the heap': { jvm: { heap: '1Gi' } },
    'a JVM flag': { jvm: { flags: ['-XX:+UseG1GC'] } },
    'the log level': { logging: { level: 'WARN' } },
    'a port': { ports: { admin: 9090 } },
    'metrics off': { monitoring: { metrics: false } },
    'a separate transaction log': { storage: { dataLog: { size: '1Gi' } } },
  };
  for (const [what, spec] of Object.entries(changes)) {
    test(`changes with ${what}`, () => assert.notEqual(hash(spec), base));
  }

  const unchanged: Record<string, [Partial<ZooKeeperSpec>, RenderOptions?]> = {
    replicas: [{ replicas: 5 }],
    observers: [{ observers: 2 }],
    'pod labels': [{ pod: { labels: { a: 'b' } } }],
    resources: [{ resources: { requests: { cpu: '1' } } }],
    'the client Service type': [{ services: { client: { type: 'NodePort' } } }],
    'the committed members': [{}, { committedMembers: [{ id: 1, role: 'participant' }] }],
    'the pod count': [{}, { podCount: 1 }],
    'the super user Secret': [{}, { superPasswordSecretName: 'other' }],
    'the storage size': [{ storage: { size: '50Gi' } }],
  };
  for (const [what, [spec, options]] of Object.entries(unchanged)) {
    test(`does not change with ${what}`, () => assert.equal(hash(spec, options), base));
  }

  test('zoo.cfg is the same for every member, so one ConfigMap serves them all', () => {
    const ctx = renderContext(storedZooKeeper());
    const self = sharedMemberSelf(ctx);
    const zooCfg = (id: number) =>
      renderZooCfg({ spec: ctx.spec, features: ctx.features, self: { ...self, id } });
    assert.equal(zooCfg(1), zooCfg(7));
  });
});
