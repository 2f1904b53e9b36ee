/**
 * ZkClient: a ZooKeeper session over a list of servers, with a Promise API. Requests are pipelined
 * (written without waiting) and answered in order by xid. The session moves to another server when
 * its connection fails and keeps its id, password, auth and watches; expiry is final.
 */

import { EventEmitter } from 'node:events';
import { OPEN_ACL_UNSAFE } from './acl.ts';
import { Connection } from './connection.ts';
import { type EnsembleConfig, parseEnsembleConfig } from './ensemble-config.ts';
import { ERROR_CODES, ZkError } from './errors.ts';
import {
  decodeResult,
  encodeRequest,
  type MultiOp,
  type MultiResult,
  type OpOf,
  type ResultOf,
  type ZkRequest,
} from './jute/operations.ts';
import { type CreateMode, OpCode, Xid } from './jute/protocol-constants.ts';
import type { Acl, Stat, WatcherEvent } from './jute/records.ts';
import { JuteWriter } from './jute/writer.ts';
import { parseConnectString, type ServerAddress, type Transport, tcpTransport } from './transport.ts';
import { eventTypeName, type Watcher, type WatchKind, WatchRegistry } from './watch-registry.ts';
import { setWatchesFrames } from './watch-restore.ts';

export type ZkState =
  | 'connecting'
  | 'connected'
  | 'connectedReadOnly'
  | 'disconnected'
  | 'expired'
  | 'authFailed'
  | 'closed';

export interface ZkClientOptions {
  /** `host:port,host:port` or a list of addresses. Tried in random order. */
  readonly servers: string | readonly ServerAddress[];
  /** Requested session timeout; the server clamps it to its min/max. Default 30000. */
  readonly sessionTimeoutMs?: number;
  /** How long one request may wait for its answer (including waiting for a connection). Default 10000. */
  readonly requestTimeoutMs?: number;
  /** How long one attempt to connect to one server may take. Default 3000. */
  readonly attemptTimeoutMs?: number;
  /** Accept a server in read-only mode (no quorum); writes then fail with NOTREADONLY. */
  readonly readOnly?: boolean;
  /** Largest frame accepted from the server. Default 16 MiB. */
  readonly maxFrameBytes?: number;
  readonly transport?: Transport;
  /** Source of randomness for the server order (tests pass a seeded one). */
  readonly random?: () => number;
}

export interface ZkClientEvents {
  state: [state: ZkState, reason: Error | undefined];
  expired: [];
  /** A watcher threw; the client carries on. */
  watcherError: [error: unknown];
}

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

export class ZkMultiError extends ZkError {
  readonly results: readonly MultiResult[];
  /** Index of the operation that failed. */
  readonly failedIndex: number;

  constructor(errno: number, path: string | undefined, failedIndex: number, results: readonly MultiResult[]) {
    super(errno, 'multi', path, undefined);
    this.results = results;
    this.failedIndex = failedIndex;
  }
}

const DEFAULT_PASSWORD = Buffer.alloc(16);
const CONFIG_NODE = '/zookeeper/config';
const MAX_XID = 0x7fffffff;

function toBytes(data: Uint8Array | string | undefined): Uint8Array {
  if (data === undefined) return Buffer.alloc(0);
  return typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export class ZkClient extends EventEmitter<ZkClientEvents> {
  private readonly servers: ServerAddress[];
  private readonly sessionTimeoutMs: number;
  private readonly requestTimeoutMs: number;
  private readonly attemptTimeoutMs: number;
  private readonly allowReadOnly: boolean;
  private readonly maxFrameBytes: number;
  private readonly transport: Transport;
  private readonly watches = new WatchRegistry();
  private readonly auth: { scheme: string; data: Buffer }[] = [];
  private nextServer = 0;
  private xid = 0;
  private sessionId = 0n;
  private password: Buffer = DEFAULT_PASSWORD;
  private lastZxid = 0n;
  private negotiatedTimeoutMs = 0;
  private conn: Connection | undefined;
  private current: ZkState = 'connecting';
  private stopped = false;
  private lastConnectError: Error | undefined;
  /** Requests waiting for a usable connection (kept apart from the public 'state' listeners). */
  private readonly stateWaiters = new Set<() => void>();

  private constructor(opts: ZkClientOptions) {
    super();
    const servers = typeof opts.servers === 'string' ? parseConnectString(opts.servers) : [...opts.servers];
    if (servers.length === 0) throw new Error('ZkClient needs at least one server address');
    const random = opts.random ?? Math.random;
    for (let i = servers.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [servers[i], servers[j]] = [servers[j] as ServerAddress, servers[i] as ServerAddress];
    }
    this.servers = servers;
    this.sessionTimeoutMs = opts.sessionTimeoutMs ?? 30000;
    this.requestTimeoutMs = opts.requestTimeoutMs ?? 10000;
    this.attemptTimeoutMs = opts.attemptTimeoutMs ?? 3000;
    this.allowReadOnly = opts.readOnly ?? false;
    this.maxFrameBytes = opts.maxFrameBytes ?? 16 * 1024 * 1024;
    this.transport = opts.transport ?? tcpTransport;
  }

  /** Starts a session; resolves once connected, rejects if no server accepts one within `connectTimeoutMs`. */
  static async connect(opts: ZkClientOptions & { connectTimeoutMs?: number }): Promise<ZkClient> {
    const client = new ZkClient(opts);
    client.run().catch((err: unknown) => {
      // A fault in the session loop itself: end the session visibly rather than leave it hanging.
      client.stopped = true;
      client.conn?.close();
      client.setState('closed', err instanceof Error ? err : new Error(String(err)));
    });
    const timeoutMs = opts.connectTimeoutMs ?? client.sessionTimeoutMs;
    try {
      await client.waitConnected(Date.now() + timeoutMs, 'connect', undefined);
    } catch (err) {
      await client.close();
      throw err;
    }
    return client;
  }

  get state(): ZkState {
    return this.current;
  }

  get session(): { id: bigint; timeoutMs: number; readOnly: boolean; server: string | undefined } {
    return {
      id: this.sessionId,
      timeoutMs: this.negotiatedTimeoutMs,
      readOnly: this.current === 'connectedReadOnly',
      server: this.conn?.describe(),
    };
  }

  // ---- operations ----

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

  /** Adds credentials to the session (`addauth`); they are sent again after every reconnect. */
  async addAuth(scheme: string, credentials: string | Uint8Array): Promise<void> {
    const data = Buffer.from(
      typeof credentials === 'string' ? Buffer.from(credentials, 'utf8') : credentials,
    );
    const deadline = Date.now() + this.requestTimeoutMs;
    const conn = this.usableConnection() ?? (await this.waitConnected(deadline, 'addAuth', undefined));
    const err = await this.withDeadline(conn.sendAuth(authFrame(scheme, data)), deadline, 'addAuth');
    if (err !== 0)
      throw new ZkError(err, 'addAuth', undefined, err === -4 ? 'connection lost during auth' : undefined);
    this.auth.push({ scheme, data });
  }

  /** The committed ensemble configuration (`/zookeeper/config`). */
  async getConfig(opts: WatchOptions = {}): Promise<EnsembleConfig & { stat: Stat }> {
    const { data, stat } = await this.getData(CONFIG_NODE, opts);
    return { ...parseConfigData(data), stat };
  }

  /** Dynamic reconfiguration; needs a user allowed to write /zookeeper/config (the super user). */
  async reconfig(change: ReconfigChange): Promise<EnsembleConfig & { stat: Stat }> {
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

  /** Ends the session (ephemeral nodes go away) and the connection. */
  async close(): Promise<void> {
    if (this.stopped) return;
    // Stopped first: the server closes the connection after answering, and that must not look like a loss.
    this.stopped = true;
    const conn = this.usableConnection();
    if (conn) {
      try {
        await this.call({ op: 'closeSession' }, undefined, Math.min(2000, this.requestTimeoutMs));
      } catch {
        // The session ends on the server by expiry if the close request did not make it.
      }
    }
    this.conn?.close();
    this.conn = undefined;
    this.setState('closed', undefined);
  }

  // ---- requests ----

  private registerOnOk(
    kind: WatchKind,
    path: string,
    watch: Watcher | undefined,
  ): ((err: number) => void) | undefined {
    return watch ? (err) => err === 0 && this.watches.add(kind, path, watch) : undefined;
  }

  private usableConnection(): Connection | undefined {
    const ok = this.current === 'connected' || this.current === 'connectedReadOnly';
    return ok && this.conn?.isOpen ? this.conn : undefined;
  }

  private nextXid(): number {
    this.xid = this.xid >= MAX_XID ? 1 : this.xid + 1;
    return this.xid;
  }

  /** Sends a request on the current connection (waiting for one if needed) and decodes its answer. */
  private async call<K extends OpOf>(
    req: Extract<ZkRequest, { op: K }>,
    onAnswer?: (err: number) => void,
    timeoutMs = this.requestTimeoutMs,
  ): Promise<ResultOf[K]> {
    const path = 'path' in req ? req.path : undefined;
    const deadline = Date.now() + timeoutMs;
    const conn = this.usableConnection() ?? (await this.waitConnected(deadline, req.op, path));
    const xid = this.nextXid();
    const frame = encodeRequest(xid, req);
    return new Promise<ResultOf[K]>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(ZkError.of('OPERATIONTIMEOUT', req.op, path, `no answer within ${timeoutMs} ms`)),
        Math.max(1, deadline - Date.now()),
      );
      conn.send(xid, frame, (reply, error) => {
        clearTimeout(timer);
        if (!reply) {
          reject(this.lossError(req.op, path, error));
          return;
        }
        onAnswer?.(reply.header.err);
        if (reply.header.err !== 0) {
          reject(new ZkError(reply.header.err, req.op, path));
          return;
        }
        try {
          resolve(decodeResult(req.op, reply.body) as ResultOf[K]);
        } catch (err) {
          reject(ZkError.of('MARSHALLINGERROR', req.op, path, (err as Error).message, err));
          conn.close();
        }
      });
    });
  }

  private lossError(op: string, path: string | undefined, cause: Error | undefined): ZkError {
    if (this.current === 'expired') return ZkError.of('SESSIONEXPIRED', op, path, undefined, cause);
    if (this.stopped) return ZkError.of('CONNECTIONLOSS', op, path, 'the client was closed', cause);
    const why = cause ? `connection lost before the answer came: ${cause.message}` : undefined;
    return ZkError.of('CONNECTIONLOSS', op, path, why, cause);
  }

  private withDeadline<T>(p: Promise<T>, deadline: number, op: string): Promise<T> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(ZkError.of('OPERATIONTIMEOUT', op, undefined, 'no answer in time')),
        Math.max(1, deadline - Date.now()),
      );
      p.then(
        (v) => {
          clearTimeout(timer);
          resolve(v);
        },
        (e) => {
          clearTimeout(timer);
          reject(e);
        },
      );
    });
  }

  /** Resolves with a usable connection, or rejects when the session ends or the deadline passes. */
  private waitConnected(deadline: number, op: string, path: string | undefined): Promise<Connection> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const conn = this.usableConnection();
        if (conn) {
          done();
          resolve(conn);
          return true;
        }
        const terminal = this.terminalError(op, path);
        if (terminal) {
          done();
          reject(terminal);
          return true;
        }
        return false;
      };
      const onState = (): void => {
        check();
      };
      const timer = setTimeout(
        () => {
          done();
          const last = this.lastConnectError ? `; last error: ${this.lastConnectError.message}` : '';
          const servers = this.servers.map((s) => `${s.host}:${s.port}`).join(',');
          reject(ZkError.of('CONNECTIONLOSS', op, path, `not connected to any of ${servers} in time${last}`));
        },
        Math.max(1, deadline - Date.now()),
      );
      const done = (): void => {
        clearTimeout(timer);
        this.stateWaiters.delete(onState);
      };
      if (!check()) this.stateWaiters.add(onState);
    });
  }

  private terminalError(op: string, path: string | undefined): ZkError | undefined {
    if (this.current === 'expired') return ZkError.of('SESSIONEXPIRED', op, path);
    if (this.current === 'authFailed') return ZkError.of('AUTHFAILED', op, path);
    if (this.stopped || this.current === 'closed')
      return ZkError.of('CONNECTIONLOSS', op, path, 'the client was closed');
    return undefined;
  }

  // ---- session ----

  private setState(state: ZkState, reason: Error | undefined): void {
    if (this.current === state) return;
    this.current = state;
    for (const waiter of [...this.stateWaiters]) waiter();
    this.emit('state', state, reason);
    if (state === 'expired') this.emit('expired');
  }

  private async run(): Promise<void> {
    let failuresInRound = 0;
    let backoffMs = 50;
    while (!this.stopped) {
      const address = this.servers[this.nextServer % this.servers.length] as ServerAddress;
      this.nextServer++;
      let conn: Connection;
      try {
        conn = await Connection.open(
          this.transport,
          address,
          {
            protocolVersion: 0,
            lastZxidSeen: this.lastZxid,
            timeOut: this.sessionTimeoutMs,
            sessionId: this.sessionId,
            passwd: this.password,
            readOnly: this.allowReadOnly,
          },
          this.attemptTimeoutMs,
          this.maxFrameBytes,
        );
      } catch (err) {
        this.lastConnectError = err as Error;
        failuresInRound++;
        if (failuresInRound >= this.servers.length) {
          failuresInRound = 0;
          await sleep(backoffMs);
          backoffMs = Math.min(backoffMs * 2, 1000);
        }
        continue;
      }
      if (this.stopped) {
        conn.close();
        return;
      }
      if (conn.session.timeOut <= 0) {
        conn.close();
        this.expire();
        return;
      }
      failuresInRound = 0;
      backoffMs = 50;
      const closed = this.adopt(conn);
      if (!(await this.restore(conn))) return;
      if (conn.isOpen) this.setState(conn.session.readOnly ? 'connectedReadOnly' : 'connected', undefined);
      const reason = await closed;
      this.conn = undefined;
      if (this.stopped || this.current === 'expired' || this.current === 'authFailed') return;
      this.lastConnectError = reason;
      this.setState('disconnected', reason);
    }
  }

  private adopt(conn: Connection): Promise<Error | undefined> {
    this.sessionId = conn.session.sessionId;
    this.password = conn.session.passwd;
    this.negotiatedTimeoutMs = conn.session.timeOut;
    this.conn = conn;
    return new Promise((resolve) =>
      conn.start({
        onNotification: (zxid, event) => this.onNotification(zxid, event),
        onZxid: (zxid) => {
          if (zxid > this.lastZxid) this.lastZxid = zxid;
        },
        onClose: resolve,
      }),
    );
  }

  /** Sends the session's credentials and watches again on a new connection; false if auth failed for good. */
  private async restore(conn: Connection): Promise<boolean> {
    for (const a of this.auth) {
      const deadline = Date.now() + this.requestTimeoutMs;
      const err = await this.withDeadline(
        conn.sendAuth(authFrame(a.scheme, a.data)),
        deadline,
        'addAuth',
      ).catch(() => ERROR_CODES.CONNECTIONLOSS);
      if (err === ERROR_CODES.CONNECTIONLOSS) {
        conn.close();
        return true;
      }
      if (err === ERROR_CODES.AUTHFAILED) {
        this.stopped = true;
        conn.close();
        this.setState('authFailed', ZkError.of('AUTHFAILED', 'addAuth'));
        return false;
      }
    }
    for (const frame of setWatchesFrames(this.lastZxid, this.watches)) conn.sendOneWay(frame);
    return true;
  }

  private expire(): void {
    this.stopped = true;
    this.watches.clear();
    this.setState('expired', ZkError.of('SESSIONEXPIRED', 'connect'));
  }

  private onNotification(zxid: bigint, event: WatcherEvent): void {
    if (zxid > this.lastZxid) this.lastZxid = zxid;
    const type = eventTypeName(event.type);
    if (!type) return;
    for (const watcher of this.watches.take({ type, path: event.path })) {
      try {
        watcher({ type, path: event.path });
      } catch (err) {
        this.emit('watcherError', err);
      }
    }
  }
}

function authFrame(scheme: string, data: Buffer): Buffer {
  return new JuteWriter().int(Xid.auth).int(OpCode.auth).int(0).ustring(scheme).buffer(data).frame();
}

function parseConfigData(data: Buffer): EnsembleConfig {
  try {
    return parseEnsembleConfig(data.toString('utf8'));
  } catch (err) {
    throw ZkError.of('MARSHALLINGERROR', 'getConfig', CONFIG_NODE, (err as Error).message, err);
  }
}
