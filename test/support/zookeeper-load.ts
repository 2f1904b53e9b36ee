/**
 * ZooKeeper clients for tests that change an ensemble under load: a writer that records every
 * acknowledged write and every session expiry, the writes that went missing, the committed config.
 */
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
  /** Times the writer's session expired (a session must survive member restarts and reconfigs). */
  readonly expired: number;
}

export interface Writer {
  stop(): Promise<WriterReport>;
}

/** Creates `<path>/w-<n>` one after another until stopped; a write whose answer is lost is not counted. */
export async function startWriter(servers: string, path: string): Promise<Writer> {
  const client = await ZkClient.connect({ servers, connectTimeoutMs: 10_000, requestTimeoutMs: 5_000 });
  await client.create(path);
  let expired = 0;
  client.on('expired', () => expired++);
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
      return { acknowledged, failed, longestGapMs, expired };
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
