/**
 * Shared by the lifecycle integration tests: manifests for local ensembles, a client-side writer
 * that records every acknowledged write, and reads of what ZooKeeper committed.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { stopProcess } from '../../src/platform/local/process/process.ts';
import { readState } from '../../src/platform/local/state/state.ts';
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

/** Polls `check` until it returns true or `timeoutMs` passes. */
export async function eventually(check: () => Promise<boolean> | boolean, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(250);
  }
}
