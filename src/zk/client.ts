/**
 * ZkClient: ZooKeeper's operations as a Promise API over a ZkSession. Requests are pipelined
 * (written without waiting) and answered in order by xid; a watch is registered when its answer
 * is decoded, so no notification can overtake it.
 */

import { OPEN_ACL_UNSAFE } from './acl.ts';
import type { ZkClientOptions } from './client-options.ts';
import { type DynamicConfig, parseDynamicConfig } from './ensemble-config.ts';
import { ERROR_CODES, ZkError } from './errors.ts';
import type { MultiOp, MultiResult } from './jute/operations.ts';
import type { CreateMode } from './jute/protocol-constants.ts';
import type { Acl, Stat } from './jute/records.ts';
import { ZkMultiError } from './multi-error.ts';
import { ZkSession } from './session.ts';
import type { Watcher, WatchKind } from './watch-registry.ts';

export type { ZkClientEvents, ZkClientOptions, ZkState } from './client-options.ts';
export { ZkMultiError } from './multi-error.ts';

export interface CreateOptions {
  readonly data?: Uint8Array | string;
  readonly acl?: readonly Acl[];
  readonly mode?: CreateMode;
  readonly ttlMs?: number;
}

export interface WatchOptions {
  readonly watch?: Watcher;
}

export interface ReconfigChange {
  /** `server.N=...` lines to add (incremental). */
  readonly joining?: readonly string[];
  /** Server ids to remove (incremental). */
  readonly leaving?: readonly number[];
  /** The complete new member list (non-incremental); excludes joining/leaving. */
  readonly newMembers?: readonly string[];
  /** Apply only if the committed config still has this version. */
  readonly fromConfig?: bigint;
}

const CONFIG_NODE = '/zookeeper/config';

function toBytes(data: Uint8Array | string | undefined): Uint8Array {
  if (data === undefined) return Buffer.alloc(0);
  return typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
}

function parseConfigData(data: Buffer): DynamicConfig {
  try {
    return parseDynamicConfig(data.toString('utf8'));
  } catch (err) {
    throw ZkError.of('MARSHALLINGERROR', 'getConfig', CONFIG_NODE, (err as Error).message, err);
  }
}

export class ZkClient extends ZkSession {
  private constructor(opts: ZkClientOptions) {
    super(opts);
  }

  /** Starts a session; resolves once connected, rejects if no server accepts one within `connectTimeoutMs`. */
  static async connect(opts: ZkClientOptions & { connectTimeoutMs?: number }): Promise<ZkClient> {
    const client = new ZkClient(opts);
    await client.open(opts.connectTimeoutMs);
    return client;
  }

  async create(path: string, opts: CreateOptions = {}): Promise<{ path: string; stat: Stat }> {
    return this.call({
      op: 'create',
      path,
      data: toBytes(opts.data),
      acl: opts.acl ?? OPEN_ACL_UNSAFE,
      mode: opts.mode ?? 'persistent',
      ...(opts.ttlMs === undefined ? {} : { ttlMs: opts.ttlMs }),
    });
  }

  async delete(path: string, version = -1): Promise<void> {
    await this.call({ op: 'delete', path, version });
  }

  /** The node's Stat, or null when it does not exist. A watch fires on create, change or delete. */
  async exists(path: string, opts: WatchOptions = {}): Promise<Stat | null> {
    const watch = opts.watch;
    try {
      return await this.call({ op: 'exists', path, watch: watch !== undefined }, (err) => {
        if (watch && (err === 0 || err === ERROR_CODES.NONODE))
          this.watches.add(err === 0 ? 'data' : 'exist', path, watch);
      });
    } catch (err) {
      if (err instanceof ZkError && err.code === 'NONODE') return null;
      throw err;
    }
  }

  async getData(path: string, opts: WatchOptions = {}): Promise<{ data: Buffer; stat: Stat }> {
    return this.call(
      { op: 'getData', path, watch: opts.watch !== undefined },
      this.registerOnOk('data', path, opts.watch),
    );
  }

  async setData(path: string, data: Uint8Array | string, version = -1): Promise<Stat> {
    return this.call({ op: 'setData', path, data: toBytes(data), version });
  }

  async getChildren(path: string, opts: WatchOptions = {}): Promise<{ children: string[]; stat: Stat }> {
    return this.call(
      { op: 'getChildren', path, watch: opts.watch !== undefined },
      this.registerOnOk('child', path, opts.watch),
    );
  }

  async getACL(path: string): Promise<{ acl: Acl[]; stat: Stat }> {
    return this.call({ op: 'getACL', path });
  }

  async setACL(path: string, acl: readonly Acl[], version = -1): Promise<Stat> {
    return this.call({ op: 'setACL', path, acl, version });
  }

  /** Waits until the server this session talks to has caught up with the leader for `path`. */
  async sync(path: string): Promise<string> {
    return this.call({ op: 'sync', path });
  }

  /** All operations or none. On failure throws ZkMultiError naming the failed operation and its code. */
  async multi(ops: readonly MultiOp[]): Promise<MultiResult[]> {
    const results = await this.call({ op: 'multi', ops });
    const failed = results.findIndex(
      (r) => r.op === 'error' && r.err !== 0 && r.err !== ERROR_CODES.RUNTIMEINCONSISTENCY,
    );
    const fallback = results.findIndex((r) => r.op === 'error' && r.err !== 0);
    const index = failed >= 0 ? failed : fallback;
    const result = results[index];
    if (result && result.op === 'error') throw new ZkMultiError(result.err, ops[index]?.path, index, results);
    return results;
  }

  /** A watch that stays after firing (3.6+); `recursive` also covers every descendant. */
  async addWatch(path: string, watch: Watcher, opts: { recursive?: boolean } = {}): Promise<void> {
    const mode = opts.recursive ? 'persistentRecursive' : 'persistent';
    await this.call({ op: 'addWatch', path, mode }, this.registerOnOk(mode, path, watch));
  }

  /** The committed ensemble configuration (`/zookeeper/config`). */
  async getConfig(opts: WatchOptions = {}): Promise<DynamicConfig & { stat: Stat }> {
    const { data, stat } = await this.getData(CONFIG_NODE, opts);
    return { ...parseConfigData(data), stat };
  }

  /** Dynamic reconfiguration; needs a user allowed to write /zookeeper/config (the super user). */
  async reconfig(change: ReconfigChange): Promise<DynamicConfig & { stat: Stat }> {
    const incremental = (change.joining?.length ?? 0) > 0 || (change.leaving?.length ?? 0) > 0;
    if (incremental && change.newMembers) {
      throw new Error(
        'reconfig takes either joining/leaving (incremental) or newMembers (full list), not both',
      );
    }
    if (!incremental && !change.newMembers?.length) {
      throw new Error('reconfig needs joining, leaving or newMembers');
    }
    const list = (items: readonly string[] | undefined): string | null =>
      items && items.length > 0 ? items.join(',') : null;
    const { data, stat } = await this.call({
      op: 'reconfig',
      joining: list(change.joining),
      leaving: list(change.leaving?.map(String)),
      newMembers: list(change.newMembers),
      fromConfig: change.fromConfig ?? -1n,
    });
    return { ...parseConfigData(data), stat };
  }

  private registerOnOk(
    kind: WatchKind,
    path: string,
    watch: Watcher | undefined,
  ): ((err: number) => void) | undefined {
    return watch ? (err) => err === 0 && this.watches.add(kind, path, watch) : undefined;
  }
}
