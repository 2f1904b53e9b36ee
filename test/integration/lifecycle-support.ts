/**
 * Shared by the lifecycle integration tests: manifests for local ensembles, a client-side writer
 * that records every acknowledged write, and reads of what ZooKeeper committed.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { stopProcess } from '../../src/platform/local/process.ts';
import { readState } from '../../src/platform/local/state.ts';
import { ZkClient } from '../../src/zk/client.ts';
import { fourLetter } from '../../src/zk/four-letter.ts';
import { parseSrvr } from '../../src/zk/four-letter-parse.ts';

export const ROOT = join(import.meta.dirname, '..', '..');

export interface Scratch {
  readonly stateDir: string;
  manifest(file: string, spec: string): string;
  /** Stops every member process recorded for `name` and removes the directory. */
  cleanup(name: string): Promise<void>;
}

export function scratch(prefix: string): Scratch {
  const stateDir = mkdtempSync(join(tmpdir(), prefix));
  return {
    stateDir,
    manifest(file, spec) {
      const path = join(stateDir, file);
      writeFileSync(path, `apiVersion: zookeeper.zkop.dev/v1alpha1\nkind: ZooKeeper\n${spec}`);
      return path;
    },
    async cleanup(name) {
      const state = readState(stateDir, name);
      for (const p of Object.values(state?.processes ?? {})) {
        await stopProcess(p.pid, { startTime: p.startTime, graceMs: 2_000 });
      }
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

/** `host:port` of members' client ports, from state.json. */
export function clientAddresses(stateDir: string, name: string, ids?: readonly number[]): string {
  const state = readState(stateDir, name);
  if (!state) throw new Error(`no state for ${name}`);
  return state.members
    .filter((m) => ids === undefined || ids.includes(m.id))
    .map((m) => `${m.host}:${m.ports.client}`)
    .join(',');
}

/** The committed config: `participant` / `observer` ids, read from /zookeeper/config. */
export async function committedRoles(
  servers: string,
): Promise<{ participants: number[]; observers: number[] }> {
  const client = await ZkClient.connect({ servers, connectTimeoutMs: 10_000 });
  try {
    await client.sync('/zookeeper/config');
    const config = await client.getConfig();
    const ids = (role: string) => config.members.filter((m) => m.role === role).map((m) => m.id);
    return { participants: ids('participant'), observers: ids('observer') };
  } finally {
    await client.close();
  }
}

/** What each member answers to `srvr`, by id; undefined when it does not serve. */
export async function srvrById(
  stateDir: string,
  name: string,
): Promise<Map<number, { mode: string; version: string; zxid: bigint } | undefined>> {
  const state = readState(stateDir, name);
  const result = new Map<number, { mode: string; version: string; zxid: bigint } | undefined>();
  for (const m of state?.members ?? []) {
    try {
      const srvr = parseSrvr(await fourLetter(m.host, m.ports.client, 'srvr', { timeoutMs: 2_000 }));
      result.set(
        m.id,
        srvr.serving ? { mode: srvr.mode, version: srvr.version, zxid: srvr.zxid } : undefined,
      );
    } catch {
      result.set(m.id, undefined);
    }
  }
  return result;
}

export interface WriterReport {
  /** Sequence numbers of the writes ZooKeeper acknowledged. */
  readonly acknowledged: readonly number[];
  readonly failed: number;
  /** The longest time between two acknowledged writes, in ms. */
  readonly longestGapMs: number;
}

export interface Writer {
  stop(): Promise<WriterReport>;
}

/** Creates `<path>/w-<n>` one after another until stopped; a write whose answer is lost is not counted. */
export async function startWriter(servers: string, path: string): Promise<Writer> {
  const client = await ZkClient.connect({ servers, connectTimeoutMs: 10_000, requestTimeoutMs: 5_000 });
  await client.create(path);
  const acknowledged: number[] = [];
  let failed = 0;
  let longestGapMs = 0;
  let last = performance.now();
  let running = true;
  const loop = (async () => {
    for (let n = 1; running; n++) {
      try {
        await client.create(`${path}/w-${n}`, { data: String(n) });
        acknowledged.push(n);
        const now = performance.now();
        longestGapMs = Math.max(longestGapMs, now - last);
        last = now;
      } catch {
        failed++;
        await sleep(50);
      }
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      await client.close();
      return { acknowledged, failed, longestGapMs };
    },
  };
}

/** Sequence numbers of the writes under `path` that are not there. */
export async function missingWrites(
  servers: string,
  path: string,
  acknowledged: readonly number[],
): Promise<number[]> {
  const client = await ZkClient.connect({ servers, connectTimeoutMs: 10_000 });
  try {
    await client.sync(path);
    const { children } = await client.getChildren(path);
    const present = new Set(children);
    return acknowledged.filter((n) => !present.has(`w-${n}`));
  } finally {
    await client.close();
  }
}

/** Polls `check` until it returns true or `timeoutMs` passes. */
export async function eventually(check: () => Promise<boolean> | boolean, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(250);
  }
}
