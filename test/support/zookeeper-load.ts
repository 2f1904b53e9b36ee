/**
 * ZooKeeper clients for tests that change an ensemble under load: a writer that records every
 * acknowledged write and every session expiry, the writes that went missing, the committed config.
 */
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { ZkClient } from '../../src/zk/client.ts';

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

export interface WriterReport {
  /** Sequence numbers of the writes ZooKeeper acknowledged. */
  readonly acknowledged: readonly number[];
  readonly failed: number;
  /** The longest time between two acknowledged writes, in ms. */
  readonly longestGapMs: number;
  /** When that gap ended: the acknowledgement after it, in ms since the epoch. */
  readonly longestGapEndedAt: number;
  /** Times the writer's session expired (a session must survive member restarts and reconfigs). */
  readonly expired: number;
}

export interface Writer {
  stop(): Promise<WriterReport>;
}

/**
 * Creates `<path>/w-<n>` one after another until stopped; a write whose answer is lost is not counted.
 * With `ratePerSecond`, writes start at that pace (one at once when it falls behind), so the longest
 * gap is still measured to 1/rate without the writer taking all the CPU it can; else back to back.
 */
export async function startWriter(servers: string, path: string, ratePerSecond = 0): Promise<Writer> {
  const client = await ZkClient.connect({ servers, connectTimeoutMs: 10_000, requestTimeoutMs: 5_000 });
  await client.create(path);
  let expired = 0;
  client.on('expired', () => expired++);
  const acknowledged: number[] = [];
  let failed = 0;
  let longestGapMs = 0;
  let longestGapEndedAt = Date.now();
  let last = performance.now();
  let running = true;
  const start = performance.now();
  const loop = (async () => {
    for (let n = 1; running; n++) {
      if (ratePerSecond > 0)
        await sleep(Math.max(0, start + ((n - 1) * 1000) / ratePerSecond - performance.now()));
      try {
        await client.create(`${path}/w-${n}`, { data: String(n) });
        acknowledged.push(n);
        const now = performance.now();
        if (now - last > longestGapMs) {
          longestGapMs = now - last;
          longestGapEndedAt = Date.now();
        }
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
      return { acknowledged, failed, longestGapMs, longestGapEndedAt, expired };
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

/**
 * Asserts what every writer under a change must show: progress, no acknowledged write missing under
 * `path` (read through `servers`), no session expired. Its one-line summary goes to `log` first.
 */
export async function assertWriterKeptEverything(
  report: WriterReport,
  servers: string,
  path: string,
  log: (line: string) => void,
): Promise<void> {
  const missing = await missingWrites(servers, path, report.acknowledged);
  log(
    `writer ${path}: ${report.acknowledged.length} acknowledged, ${report.failed} failed, longest gap ` +
      `${Math.round(report.longestGapMs)} ms, ${report.expired} session expiries`,
  );
  assert.ok(report.acknowledged.length > 0, `${path}: the writer made progress`);
  assert.deepEqual(missing, [], `${path}: no acknowledged write is lost`);
  assert.equal(report.expired, 0, `${path}: the session never expired`);
}
