/**
 * Backup and restore of a local 3-member 3.9.4 ensemble holding about 100 MB of znodes (--znodes of
 * --bytes each): snapshot and logical backup throughput (MB/s, znodes/s), the time to restore a
 * snapshot and to import the logical backup into a new ensemble, and a client's p99 read latency
 * during each backup against the same client without one, in the same run.
 *
 *   scripts/node bench/backup.ts [--znodes 100000] [--bytes 1000] [--out FILE]
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { backup } from '../src/platform/local/commands/backup.ts';
import { down } from '../src/platform/local/commands/down.ts';
import { restore } from '../src/platform/local/commands/restore.ts';
import { up } from '../src/platform/local/commands/up.ts';
import { readState } from '../src/platform/local/state/state.ts';
import { ZkClient } from '../src/zk/client.ts';
import { percentile, round, table } from './k8s/stats.ts';

const { values } = parseArgs({
  options: {
    znodes: { type: 'string', default: '100000' },
    bytes: { type: 'string', default: '1000' },
    out: {
      type: 'string',
      default: `.cache/bench/backup-${new Date().toISOString().replace(/[:.]/g, '')}.json`,
    },
  },
});
const znodes = Number(values.znodes);
const bytes = Number(values.bytes);
const PER_PARENT = 1000;
const name = 'bench';
const stateDir = mkdtempSync(join(tmpdir(), 'zkop-bench-backup-'));
const target = join(stateDir, 'backups');
const manifest = join(stateDir, 'zk.yaml');
writeFileSync(
  manifest,
  `apiVersion: zookeeper.zkop.dev/v1alpha1\nkind: ZooKeeper\nmetadata: {name: ${name}}\nspec:\n  version: "3.9.4"\n  replicas: 3\n  jvm: {heap: 1Gi}\n`,
);
const log = (message: string) => process.stderr.write(`${message}\n`);
const quiet = () => undefined;

const servers = () =>
  (readState(stateDir, name)?.members ?? []).map((m) => `${m.host}:${m.ports.client}`).join(',');
const pathOf = (i: number) => `/bench/p${Math.floor(i / PER_PARENT)}/n${i % PER_PARENT}`;

async function fill(client: ZkClient): Promise<void> {
  await client.create('/bench');
  for (let p = 0; p < Math.ceil(znodes / PER_PARENT); p++) await client.create(`/bench/p${p}`);
  const data = Buffer.alloc(bytes, 7);
  for (let i = 0; i < znodes; i += 1000) {
    const batch = Array.from({ length: Math.min(1000, znodes - i) }, (_, k) =>
      client.create(pathOf(i + k), { data }),
    );
    await Promise.all(batch);
    if (i % 20_000 === 0) log(`  ${i} znodes written`);
  }
}

/** One read at a time on random znodes while `during` runs (or for `ms` without it); latencies in ms, sorted. */
async function readLatencies(client: ZkClient, during: Promise<unknown> | number): Promise<number[]> {
  const latencies: number[] = [];
  let done = false;
  const until =
    typeof during === 'number' ? new Promise((r) => setTimeout(r, during)) : during.finally(() => undefined);
  until.then(
    () => (done = true),
    () => (done = true),
  );
  while (!done) {
    const start = performance.now();
    await client.getData(pathOf(Math.floor(Math.random() * znodes)));
    latencies.push(performance.now() - start);
  }
  return latencies.sort((a, b) => a - b);
}

const mb = (n: number) => n / 1024 / 1024;

try {
  log(`creating a 3-member ensemble and ${znodes} znodes of ${bytes} bytes`);
  await up(manifest, { stateDir, onProgress: quiet });
  const writer = await ZkClient.connect({ servers: servers(), requestTimeoutMs: 60_000 });
  await fill(writer);
  await writer.close();
  const reader = await ZkClient.connect({ servers: servers(), requestTimeoutMs: 60_000 });

  log('reads without a backup (15 s)');
  const baseline = await readLatencies(reader, 15_000);
  log('snapshot backup under reads');
  let start = performance.now();
  const nativeRun = backup(name, { stateDir, to: target, logical: false });
  const duringNative = await readLatencies(reader, nativeRun);
  const native = await nativeRun;
  const nativeSeconds = (performance.now() - start) / 1000;
  log('logical backup under reads');
  start = performance.now();
  const logicalRun = backup(name, { stateDir, to: target, logical: true });
  const duringLogical = await readLatencies(reader, logicalRun);
  const logical = await logicalRun;
  const logicalSeconds = (performance.now() - start) / 1000;
  await reader.close();

  log('re-creating the ensemble and importing the logical backup');
  await down(name, { stateDir, purge: true });
  await up(manifest, { stateDir, onProgress: quiet });
  start = performance.now();
  await restore(name, { stateDir, from: target, backupId: logical.id, replace: false });
  const importSeconds = (performance.now() - start) / 1000;
  log('restoring the snapshot into it');
  start = performance.now();
  await restore(name, { stateDir, from: target, backupId: native.id, replace: false });
  const restoreSeconds = (performance.now() - start) / 1000;

  const results = {
    znodes,
    bytesPerZnode: bytes,
    snapshot: {
      mb: round(mb(native.size)),
      seconds: round(nativeSeconds, 2),
      mbPerSecond: round(mb(native.size) / nativeSeconds),
    },
    logical: {
      mb: round(mb(logical.size)),
      seconds: round(logicalSeconds, 2),
      mbPerSecond: round(mb(logical.size) / logicalSeconds),
      znodesPerSecond: Math.round((logical.znodes ?? 0) / logicalSeconds),
    },
    restoreSnapshotSeconds: round(restoreSeconds, 1),
    importLogicalSeconds: round(importSeconds, 1),
    readP99Ms: {
      withoutBackup: round(percentile(baseline, 0.99), 2),
      duringSnapshot: round(percentile(duringNative, 0.99), 2),
      duringLogical: round(percentile(duringLogical, 0.99), 2),
    },
    reads: {
      withoutBackup: baseline.length,
      duringSnapshot: duringNative.length,
      duringLogical: duringLogical.length,
    },
  };
  mkdirSync(dirname(values.out), { recursive: true });
  writeFileSync(values.out, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(
    `${table([
      [
        'snapshot backup',
        `${results.snapshot.mb} MB in ${results.snapshot.seconds} s = ${results.snapshot.mbPerSecond} MB/s`,
      ],
      [
        'logical backup',
        `${results.logical.mb} MB in ${results.logical.seconds} s = ${results.logical.mbPerSecond} MB/s, ${results.logical.znodesPerSecond} znodes/s`,
      ],
      ['restore snapshot', `${results.restoreSnapshotSeconds} s`],
      ['import logical (new ensemble)', `${results.importLogicalSeconds} s`],
      ['read p99 without backup', `${results.readP99Ms.withoutBackup} ms`],
      ['read p99 during snapshot', `${results.readP99Ms.duringSnapshot} ms`],
      ['read p99 during logical', `${results.readP99Ms.duringLogical} ms`],
    ])}\n`,
  );
} finally {
  if (readState(stateDir, name)) await down(name, { stateDir, purge: true });
  rmSync(stateDir, { recursive: true, force: true });
}
