/**
 * The whole local lifecycle through `bin/zkop` against real ZooKeeper: up, status, idempotent up,
 * healing a killed member and a fully stopped ensemble with their data, down, down --purge.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { EnsembleStatus } from '../../src/platform/local/commands/ensemble-status.ts';
import { isRunning, stopProcess } from '../../src/platform/local/process/process.ts';
import { readState } from '../../src/platform/local/state/state.ts';
import { epochOf, parseZxid } from '../../src/zk/zxid.ts';

const root = join(import.meta.dirname, '..', '..');
const stateDir = mkdtempSync(join(tmpdir(), 'zkop-cli-'));
const name = 'lifecycle';
const manifest = join(stateDir, 'zk.yaml');
writeFileSync(
  manifest,
  `apiVersion: zookeeper.zkop.dev/v1alpha1
kind: ZooKeeper
metadata: {name: ${name}}
spec:
  version: "3.9.4"
  replicas: 3
  jvm: {heap: 128Mi}
  resources: {limits: {memory: 1Gi}}
`,
);

function zkop(...args: string[]) {
  const result = spawnSync(join(root, 'bin', 'zkop'), [...args, '--state-dir', stateDir], {
    encoding: 'utf8',
    timeout: 300_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function statusJson(): EnsembleStatus {
  const result = zkop('status', name, '-o', 'json');
  assert.equal(result.code, 0, result.stderr);
  return JSON.parse(result.stdout) as EnsembleStatus;
}

const pidsOf = (status: EnsembleStatus) => status.members.map((m) => m.pid);

after(async () => {
  const state = readState(stateDir, name);
  for (const p of Object.values(state?.processes ?? {}))
    await stopProcess(p.pid, { startTime: p.startTime, graceMs: 2000 });
  rmSync(stateDir, { recursive: true, force: true });
});

test('up starts three members: one leader, two followers, shown by status -o json', async () => {
  const result = zkop('up', '-f', manifest);
  assert.equal(result.code, 0, `${result.stdout}\n${result.stderr}`);
  assert.match(result.stdout, /lifecycle: created/);
  assert.match(result.stderr, /ignored locally \(Kubernetes only\): .*resources/);
  const status = statusJson();
  assert.deepEqual(status.members.map((m) => m.role).sort(), ['follower', 'follower', 'leader']);
  assert.equal(status.healthy, true);
  assert.ok(status.members.every((m) => m.pid !== null && m.zxid !== null && m.configVersion !== null));
  assert.equal(statSync(join(stateDir, name, 'state.json')).mode & 0o777, 0o600);
  const table = zkop('status', name);
  assert.equal(table.code, 0);
  assert.match(table.stdout, /3\/3 serving, leader \d/);
  // Each member's metrics URL, in the table too, serves ZooKeeper's Prometheus metrics.
  for (const m of status.members) {
    assert.equal(m.metricsUrl, `http://127.0.0.1:${m.ports.metrics}/metrics`);
    assert.ok(table.stdout.includes(m.metricsUrl ?? '-'), table.stdout);
    assert.match(await (await fetch(m.metricsUrl ?? '')).text(), /^znode_count /m);
  }
});

test('up on a running ensemble is a no-op: same pids', () => {
  const before = pidsOf(statusJson());
  const result = zkop('up', '-f', manifest);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /already up, nothing to do/);
  assert.deepEqual(pidsOf(statusJson()), before);
});

test('a member killed with SIGKILL comes back with the same id, ports and data', () => {
  const before = statusJson();
  const victim = before.members.find((m) => m.role === 'follower');
  assert.ok(victim?.pid);
  const dataDir = join(stateDir, name, 'members', String(victim.id), 'data', 'version-2');
  const filesBefore = readdirSync(dataDir);
  assert.ok(filesBefore.length > 0);
  process.kill(victim.pid, 'SIGKILL');
  const degraded = statusJson();
  assert.equal(degraded.members.find((m) => m.id === victim.id)?.role, 'down');

  const result = zkop('up', '-f', manifest);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /restarted the members that were down/);
  const after = statusJson();
  const back = after.members.find((m) => m.id === victim.id);
  assert.ok(back?.pid && back.pid !== victim.pid);
  assert.deepEqual(back.ports, victim.ports);
  assert.ok(back.role === 'follower' || back.role === 'leader');
  // The other members were not touched.
  assert.deepEqual(
    after.members.filter((m) => m.id !== victim.id).map((m) => m.pid),
    before.members.filter((m) => m.id !== victim.id).map((m) => m.pid),
  );
  for (const file of filesBefore) assert.ok(existsSync(join(dataDir, file)), `${file} kept`);
});

test('after every member is killed, up brings the ensemble back with its data: the epoch moves on', () => {
  const before = statusJson();
  const epochBefore = Math.max(...before.members.map((m) => epochOf(parseZxid(m.zxid ?? '') ?? 0n)));
  for (const m of before.members) if (m.pid) process.kill(m.pid, 'SIGKILL');
  const result = zkop('up', '-f', manifest);
  assert.equal(result.code, 0, result.stderr);
  const after = statusJson();
  assert.equal(after.healthy, true);
  const epochAfter = Math.max(...after.members.map((m) => epochOf(parseZxid(m.zxid ?? '') ?? 0n)));
  // Lost data would restart the epoch at 1; kept data continues from the last one.
  assert.ok(epochAfter > epochBefore, `epoch ${epochAfter} after, ${epochBefore} before`);
});

test('down stops every member, leader last, and keeps the data', () => {
  const before = statusJson();
  const state = readState(stateDir, name);
  assert.ok(state);
  const result = zkop('down', name);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /stopped 3 member\(s\)/);
  const stops = [...result.stderr.matchAll(/stopping member (\d+)/g)].map((m) => Number(m[1]));
  assert.equal(stops.at(-1), before.leader);
  for (const p of Object.values(state.processes)) assert.equal(isRunning(p.pid, p.startTime), false);
  const stopped = statusJson();
  assert.ok(stopped.members.every((m) => m.role === 'down' && m.pid === null));
  assert.ok(existsSync(join(stateDir, name, 'members', '1', 'data', 'myid')));
  assert.equal(readFileSync(join(stateDir, name, 'members', '1', 'data', 'myid'), 'utf8').trim(), '1');
});

test('down --purge removes the data; then the ensemble is not found (exit 3)', () => {
  const result = zkop('down', '--purge');
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /data deleted/);
  assert.equal(existsSync(join(stateDir, name)), false);
  assert.equal(zkop('status', name).code, 3);
  assert.equal(zkop('down', name).code, 3);
});
