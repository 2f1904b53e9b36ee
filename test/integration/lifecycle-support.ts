/**
 * Shared by the lifecycle integration tests: manifests for local ensembles, a client-side writer
 * that records every acknowledged write, and reads of what ZooKeeper committed.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import type { EnsembleStatus } from '../../src/platform/local/commands/ensemble-status.ts';
import { stopProcess } from '../../src/platform/local/process/process.ts';
import { readState } from '../../src/platform/local/state/state.ts';
import { fourLetter } from '../../src/zk/four-letter.ts';
import { parseSrvr } from '../../src/zk/four-letter-parse.ts';

export const ROOT = join(import.meta.dirname, '..', '..');
export const ZKOP_BIN = join(ROOT, 'bin', 'zkop');

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

/** A step line, as the lifecycle loop prints it before executing the step. */
const STEP = /^(scale|restart|heal|upgrade|create|reconfigure): /;

/** bin/zkop on one ensemble in `stateDir`: run it, read its status, kill it at every step of a command. */
export function zkopCommands(stateDir: string, name: string) {
  const zkop = (...args: string[]) => {
    const result = spawnSync(ZKOP_BIN, [...args, '--state-dir', stateDir], {
      encoding: 'utf8',
      timeout: 300_000,
    });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  };
  const statusJson = (): EnsembleStatus => {
    const result = zkop('status', name, '-o', 'json');
    assert.equal(result.code, 0, result.stderr);
    return JSON.parse(result.stdout) as EnsembleStatus;
  };
  /**
   * Runs zkop and kills it with SIGKILL once it announced its first step: at once (in the middle of
   * the step) or `delayMs` later (after the step, while the engine waits). Resolves when it exited.
   */
  const killAtFirstStep = (delayMs: number, args: string[]) => {
    const child = spawn(ZKOP_BIN, [...args, '--state-dir', stateDir], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let killedAt: string | undefined;
    createInterface({ input: child.stderr }).on('line', (line) => {
      if (killedAt !== undefined || !STEP.test(line)) return;
      killedAt = line;
      setTimeout(() => child.kill('SIGKILL'), delayMs);
    });
    return new Promise<{ code: number | null; killedAt: string | undefined }>((resolve) =>
      child.once('exit', (code) => resolve({ code, killedAt })),
    );
  };
  /**
   * Kills zkop in the middle of its first step, runs it again and kills it just after that step,
   * and so on, until a run has no step left to be killed at. Returns the step lines it was killed at.
   */
  const killAtEveryStep = async (...args: string[]): Promise<string[]> => {
    const killedAt: string[] = [];
    for (let run = 0; run < 60; run++) {
      const result = await killAtFirstStep(run % 2 === 0 ? 0 : 700, args);
      if (result.killedAt === undefined || result.code === 0) {
        assert.equal(result.code, 0, `the last run failed after kills at:\n${killedAt.join('\n')}`);
        return killedAt;
      }
      killedAt.push(result.killedAt);
      if (killedAt.length === 1) {
        const operation = statusJson().operation;
        assert.equal(operation?.interrupted, true, JSON.stringify(operation));
      }
    }
    assert.fail(`zkop ${args.join(' ')} still had steps after 60 runs:\n${killedAt.join('\n')}`);
  };
  return { zkop, statusJson, killAtEveryStep };
}
