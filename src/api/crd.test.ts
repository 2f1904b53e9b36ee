import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { buildCrd, CRD_FILE, CRD_GENERATE_COMMAND, renderCrdYaml } from './crd.ts';
import { applyDefaults } from './defaults.ts';
import { ZooKeeperSchema } from './spec.ts';
import { ruleSites } from './validate.ts';

type Node = Record<string, unknown>;

/** Every schema node of the CRD, with its path. */
function* nodes(node: Node, path = ''): Generator<[string, Node]> {
  yield [path, node];
  for (const [key, child] of Object.entries((node.properties ?? {}) as Record<string, Node>)) {
    yield* nodes(child, `${path}.${key}`);
  }
  if (node.items) yield* nodes(node.items as Node, `${path}[]`);
  if (typeof node.additionalProperties === 'object')
    yield* nodes(node.additionalProperties as Node, `${path}{}`);
}

const crd = buildCrd() as { spec: { versions: { schema: { openAPIV3Schema: Node } }[] } };
const root = crd.spec.versions[0]?.schema.openAPIV3Schema ?? {};

describe('CRD', () => {
  it(`is up to date in ${CRD_FILE}`, () => {
    const onDisk = readFileSync(join(import.meta.dirname, '../..', CRD_FILE), 'utf8');
    assert.ok(onDisk === renderCrdYaml(), `${CRD_FILE} is stale: run ${CRD_GENERATE_COMMAND}`);
  });

  it('is the ZooKeeper kind of zookeeper.zkop.dev with status, short name and printer columns', () => {
    const doc = parse(renderCrdYaml());
    assert.equal(doc.metadata.name, 'zookeepers.zookeeper.zkop.dev');
    assert.deepEqual(doc.spec.names.shortNames, ['zk']);
    const [version] = doc.spec.versions;
    assert.equal(version.name, 'v1alpha1');
    assert.deepEqual(version.subresources, { status: {} });
    const columns = version.additionalPrinterColumns.filter((c: Node) => c.priority === undefined);
    assert.deepEqual(
      columns.map((c: Node) => c.name),
      ['Ready', 'Members', 'Leader', 'Version', 'Age'],
    );
  });

  it('is structural: every node typed, no TypeBox or JSON Schema keywords Kubernetes refuses', () => {
    const refused = ['$id', '$schema', 'patternProperties', 'const', 'oneOf', 'allOf', 'not', '$ref'];
    for (const [path, node] of nodes(root)) {
      for (const key of refused) assert.equal(node[key], undefined, `${path} has ${key}`);
      assert.equal(Object.getOwnPropertySymbols(node).length, 0, `${path} has symbols`);
      assert.notEqual(node.additionalProperties, false, `${path} has additionalProperties: false`);
      if (node['x-kubernetes-int-or-string']) {
        assert.deepEqual(node.anyOf, [{ type: 'integer' }, { type: 'string' }], path);
      } else {
        assert.equal(node.anyOf, undefined, `${path} has anyOf`);
        assert.equal(typeof node.type, 'string', `${path} has no type`);
      }
      if (node.properties && node.additionalProperties)
        assert.fail(`${path} has properties and additionalProperties`);
    }
  });

  it('marks quantities int-or-string and pass-through objects preserve-unknown-fields', () => {
    const spec = (root.properties as Record<string, Node>).spec as Node;
    const at = (path: string) =>
      path.split('.').reduce((n, k) => (n.properties as Record<string, Node>)[k] as Node, spec);
    assert.equal(at('jvm.heap')['x-kubernetes-int-or-string'], true);
    assert.equal(at('storage.size')['x-kubernetes-int-or-string'], true);
    assert.equal((at('resources.limits').additionalProperties as Node)['x-kubernetes-int-or-string'], true);
    assert.equal(at('pod.affinity')['x-kubernetes-preserve-unknown-fields'], true);
    assert.deepEqual(at('pod.antiAffinity').enum, ['none', 'preferred', 'required']);
    assert.deepEqual(at('config.extra').additionalProperties, { type: 'string', maxLength: 4096 });
  });

  it('carries every CEL rule of the schema, without the local rule ids', () => {
    const inCrd = [...nodes(root)].flatMap(([, n]) => (n['x-kubernetes-validations'] ?? []) as Node[]);
    const inSchema = ruleSites(ZooKeeperSchema).flatMap((site) => site.rules);
    assert.deepEqual(
      inCrd.map((r) => r.rule),
      inSchema.map((r) => r.rule),
    );
    for (const rule of inCrd) {
      assert.equal(rule.id, undefined);
      assert.equal(typeof rule.message, 'string');
    }
  });

  it('keeps the defaults, filled in full, so the API server fills the same values', () => {
    const spec = (root.properties as Record<string, Node>).spec as Node;
    const props = spec.properties as Record<string, Node>;
    assert.equal(props.replicas?.default, 3);
    assert.deepEqual(props.ports?.default, applyDefaults({ version: '3.9.4' }).ports);
    assert.deepEqual(spec.required, ['version']);
  });
});
