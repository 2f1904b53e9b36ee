/**
 * One open connection to one server: the session handshake, then framed requests answered in order
 * by xid, pings, and the out-of-band answers (notifications, auth). Any protocol fault closes it.
 */

import type { Duplex } from 'node:stream';
import { ERROR_CODES, ZkError } from './errors.ts';
import { FrameDecoder } from './framing.ts';
import { ZkDecodeError } from './jute/decode-error.ts';
import { decodeIncoming } from './jute/incoming.ts';
import { OpCode, Xid } from './jute/protocol-constants.ts';
import { JuteReader } from './jute/reader.ts';
import {
  type ConnectRequest,
  type ConnectResponse,
  type ReplyHeader,
  readConnectResponse,
  readReplyHeader,
  type WatcherEvent,
  writeConnectRequest,
} from './jute/records.ts';
import { JuteWriter } from './jute/writer.ts';
import type { ServerAddress, Transport } from './transport.ts';

export interface Reply {
  readonly header: ReplyHeader;
  readonly body: JuteReader;
}

interface InFlight {
  readonly xid: number;
  readonly settle: (reply: Reply | undefined, error: Error | undefined) => void;
}

export interface ConnectionHandlers {
  onNotification(zxid: bigint, event: WatcherEvent): void;
  /** Called once, when the connection ends for any reason; `error` says why (undefined after close()). */
  onClose(error: Error | undefined): void;
  /** Every reply header carries the zxid the server has seen; the session needs the latest. */
  onZxid(zxid: bigint): void;
}

/** A handshake answer shorter than any ConnectResponse is a reply header: the server refused the session. */
const REPLY_HEADER_BYTES = 16;

function readHandshakeAnswer(frame: Buffer): ConnectResponse {
  if (frame.length !== REPLY_HEADER_BYTES) return readConnectResponse(new JuteReader(frame));
  const { err } = readReplyHeader(new JuteReader(frame));
  if (err === 0) throw new ZkDecodeError('malformed', 'handshake answer is a reply header without an error');
  const why =
    err === ERROR_CODES.NOTREADONLY
      ? 'the server is read-only and refused a new session (read-only members start new sessions only with localSessionsEnabled=true)'
      : 'the server refused to start a session';
  throw new ZkError(err, 'connect', undefined, why);
}

export class ConnectionClosedError extends Error {
  override readonly name = 'ConnectionClosedError';
}

const PING_FRAME = new JuteWriter(8).int(Xid.ping).int(OpCode.ping).frame();

export class Connection {
  readonly address: ServerAddress;
  readonly session: ConnectResponse;
  private readonly socket: Duplex;
  private readonly decoder: FrameDecoder;
  private readonly inFlight: InFlight[] = [];
  private readonly authWaiters: ((err: number) => void)[] = [];
  private handlers: ConnectionHandlers | undefined;
  private closed = false;
  private lastReceived = Date.now();
  private pingTimer: NodeJS.Timeout | undefined;

  private constructor(
    address: ServerAddress,
    socket: Duplex,
    decoder: FrameDecoder,
    session: ConnectResponse,
  ) {
    this.address = address;
    this.socket = socket;
    this.decoder = decoder;
    this.session = session;
  }

  /** Opens a socket, sends the ConnectRequest and waits for the server's ConnectResponse. */
  static async open(
    transport: Transport,
    address: ServerAddress,
    request: ConnectRequest,
    timeoutMs: number,
    maxFrameBytes: number,
  ): Promise<Connection> {
    const started = Date.now();
    const socket = await transport(address, timeoutMs);
    const decoder = new FrameDecoder(maxFrameBytes);
    const left = Math.max(1, timeoutMs - (Date.now() - started));
    const session = await new Promise<ConnectResponse>((resolve, reject) => {
      const fail = (err: Error): void => {
        cleanup();
        socket.destroy();
        reject(err);
      };
      const timer = setTimeout(
        () => fail(new ConnectionClosedError(`no session handshake answer within ${timeoutMs} ms`)),
        left,
      );
      const onData = (chunk: Buffer): void => {
        try {
          const frames = decoder.push(chunk);
          const first = frames[0];
          if (!first) return;
          if (frames.length > 1) throw new ZkDecodeError('malformed', 'data after the handshake answer');
          cleanup();
          resolve(readHandshakeAnswer(first));
        } catch (err) {
          fail(err as Error);
        }
      };
      const onEnd = (): void =>
        fail(new ConnectionClosedError('server closed the connection during the handshake'));
      const onError = (err: Error): void => fail(err);
      const cleanup = (): void => {
        clearTimeout(timer);
        socket.off('data', onData);
        socket.off('end', onEnd);
        socket.off('close', onEnd);
        socket.off('error', onError);
      };
      socket.on('data', onData);
      socket.on('end', onEnd);
      socket.on('close', onEnd);
      socket.on('error', onError);
      const w = new JuteWriter(64);
      writeConnectRequest(w, request);
      socket.write(w.frame());
    });
    return new Connection(address, socket, decoder, session);
  }

  /** Starts reading replies and pinging; until then nothing is delivered. */
  start(handlers: ConnectionHandlers): void {
    this.handlers = handlers;
    this.lastReceived = Date.now();
    this.socket.on('data', (chunk: Buffer) => this.onData(chunk));
    this.socket.on('end', () =>
      this.fail(new ConnectionClosedError(`server ${this.describe()} closed the connection`)),
    );
    this.socket.on('close', () =>
      this.fail(new ConnectionClosedError(`connection to ${this.describe()} closed`)),
    );
    this.socket.on('error', (err) => this.fail(err));
    const timeout = this.session.timeOut;
    this.pingTimer = setInterval(() => this.tick(timeout), Math.max(10, Math.floor(timeout / 3)));
  }

  describe(): string {
    return `${this.address.host}:${this.address.port}`;
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  /** Sends an already framed request; `settle` is called with its reply or with the reason it cannot come. */
  send(xid: number, frame: Buffer, settle: InFlight['settle']): void {
    if (this.closed) {
      settle(undefined, new ConnectionClosedError('connection already closed'));
      return;
    }
    this.inFlight.push({ xid, settle });
    this.socket.write(frame);
  }

  /** Sends an auth packet; auth answers come out of order (xid -4), in the order auth packets were sent. */
  sendAuth(frame: Buffer): Promise<number> {
    return new Promise((resolve, reject) => {
      if (this.closed) {
        reject(new ConnectionClosedError('connection already closed'));
        return;
      }
      this.authWaiters.push(resolve);
      this.socket.write(frame);
    });
  }

  /** Frames that need no answer (SetWatches: the server answers with xid -8, and events follow). */
  sendOneWay(frame: Buffer): void {
    if (!this.closed) this.socket.write(frame);
  }

  get inFlightCount(): number {
    return this.inFlight.length;
  }

  close(): void {
    this.fail(undefined);
  }

  private tick(timeout: number): void {
    if (this.closed) return;
    const silentFor = Date.now() - this.lastReceived;
    if (silentFor > (timeout * 2) / 3) {
      this.fail(new ConnectionClosedError(`server ${this.describe()} silent for ${silentFor} ms`));
      return;
    }
    this.socket.write(PING_FRAME);
  }

  private onData(chunk: Buffer): void {
    if (this.closed) return;
    this.lastReceived = Date.now();
    try {
      for (const frame of this.decoder.push(chunk)) {
        this.onFrame(frame);
        if (this.closed) return;
      }
    } catch (err) {
      this.fail(err as Error);
    }
  }

  private onFrame(frame: Buffer): void {
    const incoming = decodeIncoming(frame);
    switch (incoming.kind) {
      case 'notification':
        this.handlers?.onNotification(incoming.zxid, incoming.event);
        return;
      case 'ping':
      case 'setWatches':
        return;
      case 'auth': {
        const waiter = this.authWaiters.shift();
        if (!waiter) throw new ZkDecodeError('unexpected-xid', 'auth answer without an auth request');
        waiter(incoming.err);
        return;
      }
      case 'reply': {
        const head = this.inFlight[0];
        if (!head || head.xid !== incoming.header.xid) {
          throw new ZkDecodeError(
            'unexpected-xid',
            `reply for xid ${incoming.header.xid}, expected ${head ? head.xid : 'none'}`,
          );
        }
        this.inFlight.shift();
        if (incoming.header.zxid > 0n) this.handlers?.onZxid(incoming.header.zxid);
        head.settle(incoming, undefined);
        return;
      }
    }
  }

  private fail(error: Error | undefined): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.pingTimer);
    this.socket.destroy();
    const reason = error ?? new ConnectionClosedError('connection closed by the client');
    for (const req of this.inFlight.splice(0)) req.settle(undefined, reason);
    for (const waiter of this.authWaiters.splice(0)) waiter(-4);
    this.handlers?.onClose(error);
  }
}
