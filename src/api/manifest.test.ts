import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadManifest, MAX_MANIFEST_BYTES } from './manifest.ts';
import { supportedVersionList } from './versions.ts';

const examples = join(import.meta.dirname, '../../examples');

const header = 'apiVersion: zookeeper.zkop.dev/v1alpha1\nkind: ZooKeeper\nmetadata:\n  name: zk\n';
const withSpec = (spec: string) => `${header}spec:\n${spec.replace(/^/gm, '  ')}\n`;

function errorsOf(text: string) {
  const result = loadManifest(text, 'zk.yaml');
  assert.equal(result.ok, false, 'expected the manifest to be refused');
  return result.ok ? [] : result.errors;
}

function onlyError(text: string): { path: string; message: string } {
  const errors = errorsOf(text);
  assert.equal(errors.length, 1, JSON.stringify(errors));
  return errors[0] ?? { path: '', message: '' };
}

describe('loadManifest', () => {
  it('accepts every example', () => {
    const files = readdirSync(examples).filter((f) => f.endsWith('.yaml'));
    assert.ok(files.includes('zookeeper.yaml'));
    for (const file of files) {
      const result = loadManifest(readFileSync(join(examples, file), 'utf8'), file);
      assert.ok(result.ok, `${file}: ${JSON.stringify(!result.ok && result.errors)}`);
    }
  });

  it('returns the manifest as written and its resolved spec', () => {
    const result = loadManifest(readFileSync(join(examples, 'zookeeper.yaml'), 'utf8'));
    assert.ok(result.ok);
    assert.equal(result.value.metadata.name, 'zk');
    assert.deepEqual(result.value.spec, { version: '3.9.4', replicas: 3 });
    assert.equal(result.resolved.replicas, 3);
    assert.equal(result.resolved.ports.client, 2181);
  });

  it('refuses text that is not YAML, saying where', () => {
    const error = onlyError('apiVersion: [unclosed\nkind: ZooKeeper\n');
    assert.match(error.message, /^zk\.yaml is not valid YAML at line \d+, column \d+: \S/);
  });

  it('refuses duplicate keys', () => {
    assert.match(onlyError(withSpec('version: "3.9.4"\nreplicas: 3\nreplicas: 5')).message, /not valid YAML/);
  });

  it('refuses a YAML alias bomb before expanding it, and an alias without anchor', () => {
    const levels = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
    for (const [i, name] of [...'bcdefghi'].entries()) {
      const previous = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(', ')}]`);
    }
    assert.deepEqual(onlyError(`${header}${levels.join('\n')}\n`), {
      path: '',
      message:
        'zk.yaml is refused: its YAML aliases (*name) expand to too much data; write the values out instead',
    });
    assert.match(
      onlyError(`${header}spec: *nowhere\n`).message,
      /^zk\.yaml is not valid YAML: Unresolved alias/,
    );
  });

  it(`refuses a manifest over ${MAX_MANIFEST_BYTES} bytes before parsing it`, () => {
    const padding = `# ${'x'.repeat(MAX_MANIFEST_BYTES)}\n`;
    assert.deepEqual(onlyError(`${withSpec('version: "3.9.4"')}${padding}`), {
      path: '',
      message:
        'zk.yaml is larger than 1 MiB, the most zkop reads (a ZooKeeper manifest takes a few kilobytes)',
    });
    const fits = withSpec('version: "3.9.4"');
    const filler = `# ${'x'.repeat(MAX_MANIFEST_BYTES - Buffer.byteLength(fits) - 3)}\n`;
    assert.equal(Buffer.byteLength(fits + filler), MAX_MANIFEST_BYTES);
    assert.ok(loadManifest(fits + filler).ok);
  });

  it('refuses an empty file and a file of comments', () => {
    assert.match(onlyError('').message, /zk\.yaml is empty: expected a ZooKeeper manifest/);
    assert.match(onlyError('# nothing\n---\n').message, /is empty/);
  });

  it('refuses two ZooKeeper documents', () => {
    const text = `${withSpec('version: "3.9.4"')}---\n${withSpec('version: "3.9.4"')}`;
    assert.match(
      onlyError(text).message,
      /holds 2 documents that are not tenants: expected a ZooKeeper manifest/,
    );
  });

  it('refuses a document that is not a mapping', () => {
    assert.match(onlyError('- a\n- b\n').message, /is not a mapping/);
  });

  it('refuses a wrong or missing apiVersion and kind', () => {
    const wrong = errorsOf('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: zk}\n');
    assert.deepEqual(wrong, [
      { path: 'apiVersion', message: 'must be zookeeper.zkop.dev/v1alpha1, got "v1"' },
      { path: 'kind', message: 'must be ZooKeeper, got "ConfigMap"' },
    ]);
    const missing = errorsOf('metadata: {name: zk}\nspec: {version: "3.9.4"}\n');
    assert.deepEqual(
      missing.map((e) => e.path),
      ['apiVersion', 'kind'],
    );
  });

  it('refuses unknown fields, suggesting the close one and listing the allowed ones', () => {
    const error = onlyError(withSpec('version: "3.9.4"\nreplica: 3'));
    assert.equal(error.path, 'spec.replica');
    assert.match(
      error.message,
      /unknown field "replica"\. Did you mean "replicas"\? Allowed here: version, image, replicas/,
    );
    assert.equal(
      onlyError(withSpec('version: "3.9.4"\nconfig: {tickTme: 2000}')).path,
      'spec.config.tickTme',
    );
    assert.equal(onlyError(`${header}  uid: abc\nspec: {version: "3.9.4"}\n`).path, 'metadata.uid');
  });

  it('accepts any keys in free-form maps', () => {
    const text = withSpec(
      'version: "3.9.4"\npod:\n  labels: {team: a}\n  affinity: {nodeAffinity: {x: {y: 1}}}',
    );
    assert.ok(loadManifest(text).ok);
  });

  it('names wrongly typed fields and says what is expected', () => {
    assert.deepEqual(onlyError(withSpec('version: "3.9.4"\nreplicas: three')), {
      path: 'spec.replicas',
      message: 'must be a whole number, got "three"',
    });
    assert.deepEqual(onlyError(withSpec('version: 3.9')), {
      path: 'spec.version',
      message: `must be a string, got 3.9 (quote it in YAML: "3.9"); locally zkop runs ${supportedVersionList()}`,
    });
    assert.deepEqual(onlyError(withSpec('version: "3.9.4"\npaused: maybe')), {
      path: 'spec.paused',
      message: 'must be true or false, got "maybe"',
    });
    assert.deepEqual(onlyError(withSpec('version: "3.9.4"\ndeletionPolicy: Keep')), {
      path: 'spec.deletionPolicy',
      message: 'must be one of: Delete, Retain, WipeOut, DoNotTerminate, got "Keep"',
    });
    assert.deepEqual(onlyError(withSpec('version: "3.9.4"\nlogging: {level: VERBOSE}')), {
      path: 'spec.logging.level',
      message: 'must be one of: TRACE, DEBUG, INFO, WARN, ERROR, got "VERBOSE"',
    });
    assert.deepEqual(onlyError(withSpec('version: "3.9.4"\njvm: {heap: 1GB}')), {
      path: 'spec.jvm.heap',
      message: 'must be a quantity such as 512Mi, 1Gi, 500m or a whole number, got "1GB"',
    });
    assert.deepEqual(
      onlyError(withSpec('version: "3.9.4"\npod: {tolerations: [{key: a, effect: Sometimes}]}')),
      {
        path: 'spec.pod.tolerations[0].effect',
        message: 'must be one of: NoSchedule, PreferNoSchedule, NoExecute, got "Sometimes"',
      },
    );
  });

  it('names out-of-range values with the range', () => {
    assert.deepEqual(onlyError(withSpec('version: "3.9.4"\nreplicas: 0')), {
      path: 'spec.replicas',
      message: 'must be between 1 and 15, got 0',
    });
    assert.deepEqual(onlyError(withSpec('version: "3.9.4"\nobservers: -1')), {
      path: 'spec.observers',
      message: 'must be between 0 and 15, got -1',
    });
    assert.deepEqual(onlyError(withSpec('version: "3.9.4"\nports: {client: 70000}')), {
      path: 'spec.ports.client',
      message: 'must be between 1 and 65535, got 70000',
    });
    assert.deepEqual(onlyError(withSpec('version: "3.9.4"\nterminationGracePeriodSeconds: 0')), {
      path: 'spec.terminationGracePeriodSeconds',
      message: 'must be between 1 and 3600, got 0',
    });
    assert.equal(
      onlyError(withSpec('version: "3.9.4"\nconfig: {syncLimit: 0}')).path,
      'spec.config.syncLimit',
    );
    assert.equal(
      onlyError(withSpec('version: "3.9.4"\nconfig: {initLimit: -5}')).path,
      'spec.config.initLimit',
    );
  });

  it('refuses numbers too large for ZooKeeper at their own field, before any rule multiplies them', () => {
    assert.deepEqual(onlyError(withSpec('version: "3.9.4"\nconfig: {tickTime: 99999999999999999999}')), {
      path: 'spec.config.tickTime',
      message: 'must be between 1 and 60000, got 100000000000000000000',
    });
    for (const field of [
      'tickTime',
      'minSessionTimeout',
      'maxSessionTimeout',
      'initLimit',
      'maxClientCnxns',
    ]) {
      const error = onlyError(withSpec(`version: "3.9.4"\nconfig: {${field}: 999999999999999999}`));
      assert.equal(error.path, `spec.config.${field}`);
      assert.match(error.message, /^must be between \d+ and \d+, got /);
    }
  });

  it('requires spec and spec.version', () => {
    assert.deepEqual(errorsOf(header), [{ path: 'spec', message: 'is required' }]);
    const error = onlyError(withSpec('replicas: 3'));
    assert.equal(error.path, 'spec.version');
    assert.match(error.message, /^is required \(ZooKeeper version, e\.g\. 3\.9\.4/);
  });

  it('refuses a version zkop cannot run locally, listing the supported ones', () => {
    assert.deepEqual(onlyError(withSpec('version: "3.9.1"')), {
      path: 'spec.version',
      message: `ZooKeeper 3.9.1 is not available to run locally; supported versions: ${supportedVersionList()}`,
    });
  });

  it('refuses a version outside the supported minors, naming them and the versions it runs locally', () => {
    for (const version of ['3.6.4', '3.10.1', '3.9']) {
      assert.deepEqual(onlyError(withSpec(`version: "${version}"`)), {
        path: 'spec.version',
        message: `must be a ZooKeeper release zkop supports: 3.7.x, 3.8.x or 3.9.x (MAJOR.MINOR.PATCH, e.g. 3.9.4); locally zkop runs ${supportedVersionList()}`,
      });
    }
    assert.match(onlyError(withSpec('replicas: 3')).message, /; locally zkop runs 3\.7\.2, /);
  });

  it('reports the rules a manifest breaks, each at its field', () => {
    const errors = errorsOf(
      withSpec('version: "3.9.4"\nreplicas: 4\njvm: {heap: 2Gi}\nports: {admin: 2181}'),
    );
    assert.deepEqual(
      errors.map((e) => e.path),
      ['spec.replicas', 'spec.jvm.heap', 'spec.ports'],
    );
    assert.match(errors[0]?.message ?? '', /must be odd .*allowEvenReplicas: true/);
  });

  it('reports rule errors and an unsupported version together', () => {
    const errors = errorsOf(withSpec('version: "3.9.1"\nreplicas: 2'));
    assert.deepEqual(
      errors.map((e) => e.path),
      ['spec.replicas', 'spec.version'],
    );
  });
});
