/** Bad manifests and bad arguments: `zkop up` exits 2, names the field, and starts nothing. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';

const root = join(import.meta.dirname, '..', '..');
const work = mkdtempSync(join(tmpdir(), 'zkop-invalid-'));
const stateDir = join(work, 'state');
after(() => rmSync(work, { recursive: true, force: true }));

function zkop(...args: string[]) {
  const result = spawnSync(join(root, 'bin', 'zkop'), args, { encoding: 'utf8', timeout: 120_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const header = 'apiVersion: zookeeper.zkop.dev/v1alpha1\nkind: ZooKeeper\nmetadata: {name: bad}\n';
const tenantHeader = 'apiVersion: zookeeper.zkop.dev/v1alpha1\nkind: ZooKeeperTenant\nmetadata: {name: t}\n';
/** Nine levels of nine aliases each: 387 million strings once expanded. */
const aliasBomb = [
  'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
  ...[...'bcdefghi'].map((name, i) => `${name}: &${name} [${Array(9).fill(`*${'abcdefgh'[i]}`).join(', ')}]`),
].join('\n');
const cases: { what: string; manifest: string; field: RegExp }[] = [
  { what: 'not YAML', manifest: 'apiVersion: [unclosed\n  kind: {', field: /YAML|yaml/ },
  {
    what: 'the wrong kind',
    manifest: `${header.replace('kind: ZooKeeper', 'kind: Kafka')}spec: {version: "3.9.4"}\n`,
    field: /kind/,
  },
  {
    what: 'an even replica count',
    manifest: `${header}spec: {version: "3.9.4", replicas: 4}\n`,
    field: /spec\.replicas/,
  },
  {
    what: 'a config key zkop owns',
    manifest: `${header}spec: {version: "3.9.4", config: {extra: {clientPort: "2181"}}}\n`,
    field: /spec\.config\.extra/,
  },
  {
    what: 'a tickTime too large for ZooKeeper',
    manifest: `${header}spec: {version: "3.9.4", config: {tickTime: 99999999999999999999}}\n`,
    field: /spec\.config\.tickTime: must be between 1 and 60000, got 100000000000000000000/,
  },
  {
    what: 'a zoo.cfg key with "="',
    manifest: `${header}spec: {version: "3.9.4", config: {extra: {"a=b": "1"}}}\n`,
    field: /spec\.config\.extra: keys must be zoo\.cfg keys/,
  },
  {
    what: 'a zoo.cfg value over two lines',
    manifest: `${header}spec: {version: "3.9.4", config: {extra: {snapCount: "1\\nskipACL=yes"}}}\n`,
    field: /spec\.config\.extra: values must be one line/,
  },
  {
    what: 'two JVM flags in one item',
    manifest: `${header}spec: {version: "3.9.4", jvm: {flags: ["-Da=1 -Db=2"]}}\n`,
    field: /spec\.jvm\.flags: each flag must be one word/,
  },
  {
    what: 'a clientAuth that is not need, want or none',
    manifest: `${header}spec: {version: "3.9.4", tls: {client: {enabled: true, clientAuth: always}}}\n`,
    field: /spec\.tls\.client\.clientAuth: must be one of: need, want, none/,
  },
  {
    what: 'both issuerRef and secretName',
    manifest: `${header}spec: {version: "3.9.4", tls: {client: {enabled: true}, secretName: zk-tls, issuerRef: {kind: ClusterIssuer, name: my-ca}}}\n`,
    field: /spec\.tls\.secretName: issuerRef and secretName are two sources of certificates/,
  },
  {
    what: 'x509 client authentication without TLS client certificates',
    manifest: `${header}spec: {version: "3.9.4", auth: {client: {x509: true}}}\n`,
    field: /spec\.auth\.client\.x509: x509 authenticates clients by their TLS client certificate/,
  },
  {
    what: 'a tenant under the zookeeper node',
    manifest: `${header}spec: {version: "3.9.4"}\n---\n${tenantHeader}spec: {ensemble: bad, path: /zookeeper/t}\n`,
    field: /ZooKeeperTenant t: spec\.path: must not be \/zookeeper or below it/,
  },
  {
    what: "a tenant inside another tenant's path",
    manifest: `${header}spec: {version: "3.9.4"}\n---\n${tenantHeader}spec: {ensemble: bad, path: /a}\n---\n${tenantHeader.replace('name: t', 'name: u')}spec: {ensemble: bad, path: /a/b}\n`,
    field: /ZooKeeperTenant u: spec\.path: \/a\/b overlaps \/a of tenant t/,
  },
  {
    what: 'a tenant of another ensemble',
    manifest: `${header}spec: {version: "3.9.4"}\n---\n${tenantHeader}spec: {ensemble: other, path: /t}\n`,
    field: /ZooKeeperTenant t: spec\.ensemble: names the ensemble other, but the ensemble here is bad/,
  },
  {
    what: 'a tenant user JAAS cannot carry',
    manifest: `${header}spec: {version: "3.9.4"}\n---\n${tenantHeader}spec: {ensemble: bad, path: /t, user: "a=b"}\n`,
    field: /ZooKeeperTenant t: spec\.user/,
  },
  { what: 'a YAML alias bomb', manifest: `${header}${aliasBomb}\n`, field: /expand to too much data/ },
  {
    what: 'more than 1 MiB',
    manifest: `${header}spec: {version: "3.9.4"}\n# ${'x'.repeat(1024 * 1024)}\n`,
    field: /larger than 1 MiB, the most zkop reads/,
  },
  { what: 'an unknown version', manifest: `${header}spec: {version: "3.9.99"}\n`, field: /spec\.version/ },
  {
    what: 'an unknown field',
    manifest: `${header}spec: {version: "3.9.4", replica: 3}\n`,
    field: /spec\.replica\b/,
  },
];

for (const { what, manifest, field } of cases) {
  test(`a manifest with ${what} is refused with exit 2, naming the field, and nothing starts`, () => {
    const file = join(work, `${what.replaceAll(' ', '-')}.yaml`);
    writeFileSync(file, manifest);
    const result = zkop('up', '-f', file, '--state-dir', stateDir);
    assert.equal(result.code, 2, `${result.stdout}\n${result.stderr}`);
    assert.match(result.stderr, field);
    assert.match(result.stderr, /nothing was started/);
    assert.doesNotMatch(result.stderr, /\bat .*\.ts:\d+|self\./, 'a stack trace or CEL source');
    assert.equal(existsSync(stateDir), false, `${stateDir} was left behind`);
  });
}

test('an endless manifest is refused after 1 MiB, with exit 2, and nothing starts', () => {
  const result = zkop('up', '-f', '/dev/zero', '--state-dir', stateDir);
  assert.equal(result.code, 2, result.stderr);
  assert.match(result.stderr, /\/dev\/zero is larger than 1 MiB/);
  assert.equal(existsSync(stateDir), false);
});

test('a missing manifest file, a missing -f and an unknown command exit 2', () => {
  assert.equal(zkop('up', '-f', join(work, 'absent.yaml'), '--state-dir', stateDir).code, 2);
  assert.equal(zkop('up', '--state-dir', stateDir).code, 2);
  assert.equal(zkop('upp').code, 2);
  assert.equal(zkop('up', '-f', join(work, 'absent.yaml'), '--timeout', 'soon').code, 2);
});

test('status and down of an unknown ensemble exit 3', () => {
  assert.equal(zkop('status', 'nope', '--state-dir', stateDir).code, 3);
  assert.equal(zkop('status', '--state-dir', stateDir).code, 3);
  assert.equal(zkop('down', 'nope', '--state-dir', stateDir).code, 3);
});

test('version prints the zkop and ZooKeeper versions', () => {
  const result = zkop('version', '-o', 'json');
  assert.equal(result.code, 0);
  const info = JSON.parse(result.stdout) as { zkop: string; zookeeper: { supported: string[] } };
  assert.ok(info.zookeeper.supported.includes('3.9.4'));
});
