/**
 * Invalid ZooKeeper objects are refused by the real API server of the test cluster (the CRD's schema
 * and CEL rules, as installed by the Helm chart), naming the field and what is wrong, and nothing is
 * created or changed. The same manifests are refused by `zkop up -f` before anything starts (exit 2),
 * with the same message for CEL rules and the same facts in the local wording for schema errors.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { loadManifest } from '../../src/api/manifest.ts';
import * as rules from '../../src/api/rules.ts';
import { API_VERSION, KIND } from '../../src/api/spec.ts';
import { kubectl, root } from '../cluster/cluster.ts';
import { deleteNamespace, getZooKeeper, installOperator, testNamespace } from './operator-install.ts';

type Spec = Record<string, unknown>;

const ruleList = Object.values(rules).filter(Array.isArray).flat() as rules.CelRule[];
function ruleMessage(id: string): string {
  const rule = ruleList.find((r) => r.id === id);
  assert.ok(rule, `no CEL rule ${id}`);
  return rule.message;
}

interface Case {
  readonly what: string;
  readonly spec: Spec;
  /** The field both refusals name. */
  readonly path: string;
  /** Text the API server's refusal carries (after the path). */
  readonly server: string;
  /** Text `zkop up` prints for the field; defaults to `server` (CEL rules share their message). */
  readonly local?: string;
  /** HTTP status of the refusal: 422 Invalid, 400 for strict decoding (unknown fields). */
  readonly status?: number;
}

const cel = (what: string, id: string, spec: Spec, path: string): Case => ({
  what,
  spec,
  path,
  server: ruleMessage(id),
});

const CREATE_CASES: readonly Case[] = [
  cel('even replicas without allowEvenReplicas', 'replicas-odd', { replicas: 4 }, 'spec.replicas'),
  {
    what: 'replicas above the maximum',
    spec: { replicas: 17 },
    path: 'spec.replicas',
    server: 'should be less than or equal to 15',
    local: 'must be between 1 and 15, got 17',
  },
  {
    what: 'replicas 0',
    spec: { replicas: 0 },
    path: 'spec.replicas',
    server: 'should be greater than or equal to 1',
    local: 'must be between 1 and 15, got 0',
  },
  cel('version outside the supported minors', 'version-supported', { version: '3.10.1' }, 'spec.version'),
  {
    what: 'unknown field (strict schema)',
    spec: { replica: 3 },
    path: 'spec.replica',
    server: 'strict decoding error: unknown field "spec.replica"',
    local: 'unknown field "replica". Did you mean "replicas"?',
    status: 400,
  },
  {
    what: 'observers above the maximum',
    spec: { observers: 16 },
    path: 'spec.observers',
    server: 'should be less than or equal to 15',
    local: 'must be between 0 and 15, got 16',
  },
  cel('replicas + observers above 15', 'members-max', { replicas: 13, observers: 3 }, 'spec.observers'),
  {
    what: 'storage size that is no quantity',
    spec: { storage: { size: 'lots' } },
    path: 'spec.storage.size',
    server: 'Invalid value: "lots": spec.storage.size in body should match',
    local: 'must be a quantity such as 512Mi, 1Gi, 500m or a whole number, got "lots"',
  },
  {
    what: 'deletionPolicy outside the enum',
    spec: { deletionPolicy: 'Keep' },
    path: 'spec.deletionPolicy',
    server: 'Unsupported value: "Keep": supported values: "Delete", "Retain", "WipeOut", "DoNotTerminate"',
    local: 'must be one of: Delete, Retain, WipeOut, DoNotTerminate, got "Keep"',
  },
  {
    ...cel('operator-owned key in config.extra', 'extra-owned-keys', { config: {} }, 'spec.config.extra'),
    spec: { config: { extra: { dataDir: '/tmp/zk', snapCount: '1000' } } },
    local: 'sets keys that zkop manages itself (dataDir); use the typed fields of spec',
  },
  cel(
    'TLS certificates from both cert-manager and a Secret',
    'tls-one-certificate-source',
    {
      tls: {
        client: { enabled: true },
        issuerRef: { kind: 'ClusterIssuer', name: 'zk-ca' },
        secretName: 'zk-tls',
      },
    },
    'spec.tls.secretName',
  ),
  cel(
    'x509 client authentication without client certificates',
    'x509-needs-client-certificates',
    { auth: { client: { x509: true } } },
    'spec.auth.client.x509',
  ),
  cel(
    'quorum SASL on ZooKeeper 3.8',
    'quorum-sasl-needs-release',
    { version: '3.8.3', auth: { quorum: { sasl: true } } },
    'spec.auth.quorum.sasl',
  ),
  cel(
    'allowUnauthenticated without a scheme',
    'allow-unauthenticated-needs-scheme',
    { auth: { client: { allowUnauthenticated: true } } },
    'spec.auth.client.allowUnauthenticated',
  ),
  cel(
    'zoo.cfg key with "=" in config.extra',
    'extra-key-format',
    { config: { extra: { 'a=b': '1' } } },
    'spec.config.extra',
  ),
  cel(
    'zoo.cfg value over two lines in config.extra',
    'extra-value-one-line',
    { config: { extra: { snapCount: '1\nskipACL=yes' } } },
    'spec.config.extra',
  ),
  cel('heap flag in jvm.flags', 'jvm-owned-flags', { jvm: { flags: ['-Xmx2g'] } }, 'spec.jvm.flags'),
  cel(
    'two JVM flags in one item',
    'jvm-flag-one-word',
    { jvm: { flags: ['-Da=1 -Db=2'] } },
    'spec.jvm.flags',
  ),
  cel(
    'heap above the memory limit',
    'heap-within-memory-limit',
    { jvm: { heap: '768Mi' }, resources: { limits: { memory: '512Mi' } } },
    'spec.jvm.heap',
  ),
  cel('two ports the same', 'ports-distinct', { ports: { admin: 2181 } }, 'spec.ports'),
  cel(
    'PDB that breaks quorum',
    'disruption-keeps-quorum',
    { disruption: { maxUnavailable: 2 } },
    'spec.disruption.maxUnavailable',
  ),
  cel(
    'serviceMonitor without metrics',
    'monitors-need-metrics',
    { monitoring: { metrics: false, serviceMonitor: true } },
    'spec.monitoring.metrics',
  ),
  {
    what: 'no termination grace period (an immediate SIGKILL)',
    spec: { terminationGracePeriodSeconds: 0 },
    path: 'spec.terminationGracePeriodSeconds',
    server: 'should be greater than or equal to 1',
    local: 'must be between 1 and 3600, got 0',
  },
  {
    what: 'log level outside the enum',
    spec: { logging: { level: 'VERBOSE' } },
    path: 'spec.logging.level',
    server: 'Unsupported value: "VERBOSE": supported values: "TRACE", "DEBUG", "INFO", "WARN", "ERROR"',
    local: 'must be one of: TRACE, DEBUG, INFO, WARN, ERROR, got "VERBOSE"',
  },
  {
    what: 'tickTime too large for ZooKeeper (and for the rules that multiply it)',
    spec: { config: { tickTime: 1e20 } },
    path: 'spec.config.tickTime',
    server: 'spec.config.tickTime in body should be less than or equal to 60000',
    local: 'must be between 1 and 60000, got 100000000000000000000',
  },
  cel(
    'minSessionTimeout below 2 x tickTime',
    'min-session-timeout',
    { config: { minSessionTimeout: 3000 } },
    'spec.config.minSessionTimeout',
  ),
];

/** Valid on their own, refused as updates of BASE. */
const UPDATE_CASES: readonly Case[] = [
  cel('minor version downgrade', 'version-step', { version: '3.8.4' }, 'spec.version'),
  cel('storage shrink', 'volume-no-shrink', { storage: { size: '512Mi' } }, 'spec.storage.size'),
  cel(
    'transaction log volume added after creation',
    'data-log-fixed',
    { storage: { dataLog: { size: '1Gi' } } },
    'spec.storage.dataLog',
  ),
];

const SMALL = { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '512Mi' } };
const BASE: Spec = {
  version: '3.9.4',
  paused: true,
  resources: SMALL,
  jvm: { heap: '256Mi' },
  storage: { size: '1Gi' },
};

let namespace = '';
let scratch = '';

const manifest = (name: string, spec: Spec) => ({
  apiVersion: API_VERSION,
  kind: KIND,
  metadata: { name, namespace },
  spec: { ...BASE, ...spec },
});

/** Runs kubectl verbosely enough to log the HTTP status of the request that changes something. */
function refusal(args: string[], input?: string): { code: number | null; status?: number; error: string } {
  const result = kubectl([...args, '-v=6'], input);
  const statuses = [...result.stderr.matchAll(/verb="(?:POST|PATCH|PUT)" .*? status="(\d{3})/g)];
  const error = result.stderr
    .split('\n')
    .filter((l) => !/^[IW]\d{4} /.test(l))
    .join('\n');
  return { code: result.code, status: Number(statuses.at(-1)?.[1]), error };
}

function assertRefused(
  result: ReturnType<typeof refusal>,
  c: Case,
  object: string,
  expectedStatus = c.status ?? 422,
): void {
  assert.notEqual(result.code, 0, `${c.what}: accepted`);
  assert.equal(result.status, expectedStatus, `${c.what}: HTTP status; ${result.error}`);
  if (expectedStatus === 422) {
    assert.match(result.error, new RegExp(`The ZooKeeper "${object}" is invalid`));
    assert.ok(result.error.includes(`${c.path}: `), `${c.what}: no ${c.path} in:\n${result.error}`);
  }
  assert.ok(result.error.includes(c.server), `${c.what}: expected "${c.server}" in:\n${result.error}`);
}

/** `zkop up -f` on the manifest, with a state dir of its own that must stay absent. */
function assertRefusedLocally(c: Case, name: string): void {
  const dir = mkdtempSync(join(scratch, 'case-'));
  const file = join(dir, 'zk.yaml');
  const stateDir = join(dir, 'state');
  const { metadata, ...rest } = manifest(name, c.spec);
  writeFileSync(file, JSON.stringify({ ...rest, metadata: { name: metadata.name } }));
  const result = spawnSync(join(root, 'bin', 'zkop'), ['up', '-f', file, '--state-dir', stateDir], {
    encoding: 'utf8',
    cwd: dir,
    timeout: 60_000,
  });
  assert.equal(result.status, 2, `${c.what}: zkop up exit code; ${result.stderr}`);
  assert.ok(result.stderr.includes('nothing was started'), result.stderr);
  const expected = `${c.path}: ${c.local ?? c.server}`;
  assert.ok(result.stderr.includes(expected), `${c.what}: expected "${expected}" in:\n${result.stderr}`);
  assert.equal(existsSync(stateDir), false, `${c.what}: zkop up created ${stateDir}`);
}

before(() => {
  installOperator();
  namespace = testNamespace('zkop-e2e-adm');
  scratch = mkdtempSync(join(tmpdir(), 'zkop-admission-'));
});

after(() => {
  if (namespace) deleteNamespace(namespace);
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

test('the base spec is valid: accepted by the API server and by the local validation', () => {
  assert.deepEqual(loadManifest(JSON.stringify(manifest('base', {}))).ok, true);
  const result = kubectl(['create', '-f', '-'], JSON.stringify(manifest('base', {})));
  assert.equal(result.code, 0, result.stderr);
  assert.ok(getZooKeeper(namespace, 'base'));
});

for (const [i, c] of CREATE_CASES.entries()) {
  test(`create refused: ${c.what}`, () => {
    const name = `bad-${i}`;
    assertRefused(refusal(['create', '-f', '-'], JSON.stringify(manifest(name, c.spec))), c, name);
    assert.equal(getZooKeeper(namespace, name), undefined, `${c.what}: ${name} was created`);
    assertRefusedLocally(c, name);
  });
}

for (const c of UPDATE_CASES) {
  test(`update refused: ${c.what}`, () => {
    const before = getZooKeeper(namespace, 'base');
    assert.ok(before);
    const patch = JSON.stringify({ spec: c.spec });
    assertRefused(
      refusal(['-n', namespace, 'patch', 'zookeeper', 'base', '--type=merge', '-p', patch]),
      c,
      'base',
    );
    const afterwards = getZooKeeper(namespace, 'base');
    assert.equal(afterwards?.metadata.generation, before.metadata.generation);
    assert.deepEqual(afterwards?.spec, before.spec);
  });
}

test('nothing but the base object exists in the namespace', () => {
  const result = kubectl(['-n', namespace, 'get', 'zookeepers,statefulsets,pods', '-o', 'name']);
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(result.stdout.trim().split('\n'), ['zookeeper.zookeeper.zkop.dev/base']);
});
