/**
 * ZkSession: one ZooKeeper session over a list of servers. It connects to them in random order,
 * moves on when a connection fails, carries the session id, password, credentials and watches to
 * the next connection, and ends for good on expiry, auth failure or close. Requests go out on the
 * current connection (pipelined) and wait for one while there is none.
 */

import { EventEmitter } from 'node:events';
import type { ZkClientEvents, ZkClientOptions, ZkState } from './client-options.ts';
import { Connection } from './connection.ts';
import { ERROR_CODES, ZkError } from './errors.ts';
import { decodeResult, encodeRequest, type OpOf, type ResultOf, type ZkRequest } from './jute/operations.ts';
import { OpCode, Xid } from './jute/protocol-constants.ts';
import type { WatcherEvent } from './jute/records.ts';
import { JuteWriter } from './jute/writer.ts';
import { type SaslCredentials, SaslDigestClient, SaslDigestError } from './sasl-digest.ts';
import { tlsTransport } from './tls-transport.ts';
import { parseConnectString, type ServerAddress, type Transport, tcpTransport } from './transport.ts';
import { eventTypeName, WatchRegistry } from './watch-registry.ts';
import { setWatchesFrames } from './watch-restore.ts';

const DEFAULT_PASSWORD = Buffer.alloc(16);
const MAX_XID = 0x7fffffff;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function saslFrame(xid: number, token: Buffer): Buffer {
  return new JuteWriter().int(xid).int(OpCode.sasl).buffer(token).frame();
}

function authFrame(scheme: string, data: Buffer): Buffer {
  return new JuteWriter().int(Xid.auth).int(OpCode.auth).int(0).ustring(scheme).buffer(data).frame();
}

export class ZkSession extends EventEmitter<ZkClientEvents> {
  protected readonly watches = new WatchRegistry();
  private readonly servers: ServerAddress[];
  private readonly sessionTimeoutMs: number;
  private readonly requestTimeoutMs: number;
  private readonly attemptTimeoutMs: number;
  private readonly allowReadOnly: boolean;
  private readonly maxFrameBytes: number;
  private readonly transport: Transport;
  private readonly auth: { scheme: string; data: Buffer }[] = [];
  private readonly sasl: SaslCredentials | undefined;
  private nextServer = 0;
  private xid = 0;
  private sessionId = 0n;
  private password: Buffer = DEFAULT_PASSWORD;
  /**
   * A session started on a read-only server lives only there: until a read-write server has been
   * seen, every connection asks for a new session (as ZooKeeper's own client does).
   */
  private seenReadWrite = false;
  private lastZxid = 0n;
  private negotiatedTimeoutMs = 0;
  private conn: Connection | undefined;
  private current: ZkState = 'connecting';
  private stopped = false;
  private lastConnectError: Error | undefined;
  /** Requests waiting for a usable connection (kept apart from the public 'state' listeners). */
  private readonly stateWaiters = new Set<() => void>();

  protected constructor(opts: ZkClientOptions) {
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
    if (opts.tls && opts.transport) throw new Error('ZkClient takes tls or a transport, not both');
    this.transport = opts.transport ?? (opts.tls ? tlsTransport(opts.tls) : tcpTransport);
    this.sasl = opts.sasl;
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

  /** Starts the session loop; resolves once connected, rejects (and closes) if not within `timeoutMs`. */
  protected async open(timeoutMs = this.sessionTimeoutMs): Promise<void> {
    this.run().catch((err: unknown) => {
      // A fault in the session loop itself: end the session visibly rather than leave it hanging.
      this.stopped = true;
      this.conn?.close();
      this.setState('closed', err instanceof Error ? err : new Error(String(err)));
    });
    try {
      await this.waitConnected(Date.now() + timeoutMs, 'connect', undefined);
    } catch (err) {
      await this.close();
      throw err;
    }
  }

  /** Sends a request on the current connection (waiting for one if needed) and decodes its answer. */
  protected async call<K extends OpOf>(
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

  // ---- requests ----

  private usableConnection(): Connection | undefined {
    const ok = this.current === 'connected' || this.current === 'connectedReadOnly';
    return ok && this.conn?.isOpen ? this.conn : undefined;
  }

  private nextXid(): number {
    this.xid = this.xid >= MAX_XID ? 1 : this.xid + 1;
    return this.xid;
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
      const resume = this.seenReadWrite;
      let conn: Connection;
      try {
        conn = await Connection.open(
          this.transport,
          address,
          {
            protocolVersion: 0,
            lastZxidSeen: this.lastZxid,
            timeOut: this.sessionTimeoutMs,
            sessionId: resume ? this.sessionId : 0n,
            passwd: resume ? this.password : DEFAULT_PASSWORD,
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
    if (!conn.session.readOnly) this.seenReadWrite = true;
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
    if (this.sasl !== undefined) {
      const outcome = await this.saslExchange(conn, this.sasl).catch((err: unknown) => err as Error);
      const refused =
        outcome instanceof SaslDigestError ||
        (outcome instanceof ZkError && outcome.code !== 'OPERATIONTIMEOUT');
      if (refused) {
        this.stopped = true;
        conn.close();
        this.setState('authFailed', ZkError.of('AUTHFAILED', 'sasl', undefined, outcome.message, outcome));
        return false;
      }
      if (outcome instanceof Error) {
        this.lastConnectError = outcome;
        conn.close();
        return true;
      }
    }
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

  /** One DIGEST-MD5 exchange on a new connection: an empty token, the challenge answered, rspauth checked. */
  private async saslExchange(conn: Connection, credentials: SaslCredentials): Promise<void> {
    const deadline = Date.now() + this.requestTimeoutMs;
    const exchange = (token: Buffer): Promise<Buffer> =>
      this.withDeadline(
        new Promise<Buffer>((resolve, reject) => {
          const xid = this.nextXid();
          conn.send(xid, saslFrame(xid, token), (reply, error) => {
            if (!reply) reject(error ?? new Error('connection lost during SASL authentication'));
            else if (reply.header.err !== 0) reject(new ZkError(reply.header.err, 'sasl'));
            else resolve(reply.body.buffer('SASL token') ?? Buffer.alloc(0));
          });
        }),
        deadline,
        'sasl',
      );
    const client = new SaslDigestClient(credentials);
    const challenge = await exchange(Buffer.alloc(0));
    client.verify(await exchange(client.respond(challenge)));
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
