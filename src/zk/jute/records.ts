/** The records of zookeeper.jute that the client exchanges, with their encoders and decoders. */

import type { JuteReader } from './reader.ts';
import type { JuteWriter } from './writer.ts';

export interface Id {
  readonly scheme: string;
  readonly id: string;
}

export interface Acl {
  /** Bits of `Perms`. */
  readonly perms: number;
  readonly id: Id;
}

export interface Stat {
  readonly czxid: bigint;
  readonly mzxid: bigint;
  /** Milliseconds since the epoch. */
  readonly ctime: number;
  readonly mtime: number;
  readonly version: number;
  readonly cversion: number;
  readonly aversion: number;
  /** Session id of the owner of an ephemeral node, 0 otherwise. */
  readonly ephemeralOwner: bigint;
  readonly dataLength: number;
  readonly numChildren: number;
  readonly pzxid: bigint;
}

/** Encoded size of a Stat: 6 longs and 5 ints. */
export const STAT_BYTES = 68;

export function writeAcl(w: JuteWriter, acl: Acl): void {
  w.int(acl.perms).ustring(acl.id.scheme).ustring(acl.id.id);
}

export function readAcl(r: JuteReader): Acl {
  const perms = r.int('acl perms');
  const scheme = r.string('acl scheme');
  const id = r.string('acl id');
  return { perms, id: { scheme, id } };
}

export function readStat(r: JuteReader): Stat {
  return {
    czxid: r.long('stat czxid'),
    mzxid: r.long('stat mzxid'),
    ctime: Number(r.long('stat ctime')),
    mtime: Number(r.long('stat mtime')),
    version: r.int('stat version'),
    cversion: r.int('stat cversion'),
    aversion: r.int('stat aversion'),
    ephemeralOwner: r.long('stat ephemeralOwner'),
    dataLength: r.int('stat dataLength'),
    numChildren: r.int('stat numChildren'),
    pzxid: r.long('stat pzxid'),
  };
}

export function writeStat(w: JuteWriter, s: Stat): void {
  w.long(s.czxid).long(s.mzxid).long(BigInt(s.ctime)).long(BigInt(s.mtime));
  w.int(s.version).int(s.cversion).int(s.aversion).long(s.ephemeralOwner);
  w.int(s.dataLength).int(s.numChildren).long(s.pzxid);
}

// ---- session ----

export interface ConnectRequest {
  readonly protocolVersion: number;
  readonly lastZxidSeen: bigint;
  readonly timeOut: number;
  readonly sessionId: bigint;
  readonly passwd: Uint8Array;
  /** Appended after the jute record since 3.4: the client accepts a read-only server. */
  readonly readOnly: boolean;
}

export interface ConnectResponse {
  readonly protocolVersion: number;
  /** Negotiated session timeout in ms; 0 or less means the session has expired. */
  readonly timeOut: number;
  readonly sessionId: bigint;
  readonly passwd: Buffer;
  readonly readOnly: boolean;
}

export function writeConnectRequest(w: JuteWriter, c: ConnectRequest): void {
  w.int(c.protocolVersion)
    .long(c.lastZxidSeen)
    .int(c.timeOut)
    .long(c.sessionId)
    .buffer(c.passwd)
    .bool(c.readOnly);
}

export function readConnectResponse(r: JuteReader): ConnectResponse {
  const protocolVersion = r.int('connect protocolVersion');
  const timeOut = r.int('connect timeOut');
  const sessionId = r.long('connect sessionId');
  const passwd = r.buffer('connect passwd') ?? Buffer.alloc(0);
  const readOnly = r.remaining > 0 ? r.bool('connect readOnly') : false;
  return { protocolVersion, timeOut, sessionId, passwd: Buffer.from(passwd), readOnly };
}

export function writeConnectResponse(w: JuteWriter, c: ConnectResponse): void {
  w.int(c.protocolVersion).int(c.timeOut).long(c.sessionId).buffer(c.passwd).bool(c.readOnly);
}

export interface RequestHeader {
  readonly xid: number;
  readonly type: number;
}

export interface ReplyHeader {
  readonly xid: number;
  readonly zxid: bigint;
  readonly err: number;
}

export function readReplyHeader(r: JuteReader): ReplyHeader {
  return { xid: r.int('reply xid'), zxid: r.long('reply zxid'), err: r.int('reply err') };
}

export function writeReplyHeader(w: JuteWriter, h: ReplyHeader): void {
  w.int(h.xid).long(h.zxid).int(h.err);
}

export interface WatcherEvent {
  readonly type: number;
  readonly state: number;
  readonly path: string;
}

export function readWatcherEvent(r: JuteReader): WatcherEvent {
  return { type: r.int('event type'), state: r.int('event state'), path: r.string('event path') };
}

export function writeWatcherEvent(w: JuteWriter, e: WatcherEvent): void {
  w.int(e.type).int(e.state).ustring(e.path);
}

export interface SetWatches2 {
  readonly relativeZxid: bigint;
  readonly dataWatches: readonly string[];
  readonly existWatches: readonly string[];
  readonly childWatches: readonly string[];
  readonly persistentWatches: readonly string[];
  readonly persistentRecursiveWatches: readonly string[];
}

export function writeSetWatches2(w: JuteWriter, s: SetWatches2): void {
  const str = (x: JuteWriter, p: string): void => {
    x.ustring(p);
  };
  w.long(s.relativeZxid);
  w.vector(s.dataWatches, str).vector(s.existWatches, str).vector(s.childWatches, str);
  w.vector(s.persistentWatches, str).vector(s.persistentRecursiveWatches, str);
}
