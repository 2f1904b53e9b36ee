/** Client operations: how each request is framed and how its successful answer is decoded. */

import { ZkDecodeError } from './decode-error.ts';
import { AddWatchMode, CreateFlags, type CreateMode, OpCode } from './protocol-constants.ts';
import type { JuteReader } from './reader.ts';
import { type Acl, readAcl, readStat, type Stat, writeAcl } from './records.ts';
import { JuteWriter } from './writer.ts';

export interface CreateOp {
  readonly op: 'create';
  readonly path: string;
  readonly data: Uint8Array;
  readonly acl: readonly Acl[];
  readonly mode: CreateMode;
  /** Required for the `...WithTtl` modes (the server needs `extendedTypesEnabled=true`). */
  readonly ttlMs?: number;
}
export interface DeleteOp {
  readonly op: 'delete';
  readonly path: string;
  /** -1 matches any version. */
  readonly version: number;
}
export interface SetDataOp {
  readonly op: 'setData';
  readonly path: string;
  readonly data: Uint8Array;
  readonly version: number;
}
export interface CheckOp {
  readonly op: 'check';
  readonly path: string;
  readonly version: number;
}

export type MultiOp = CreateOp | DeleteOp | SetDataOp | CheckOp;

export type ZkRequest =
  | CreateOp
  | DeleteOp
  | SetDataOp
  | { readonly op: 'exists'; readonly path: string; readonly watch: boolean }
  | { readonly op: 'getData'; readonly path: string; readonly watch: boolean }
  | { readonly op: 'getChildren'; readonly path: string; readonly watch: boolean }
  | { readonly op: 'getACL'; readonly path: string }
  | { readonly op: 'setACL'; readonly path: string; readonly acl: readonly Acl[]; readonly version: number }
  | { readonly op: 'sync'; readonly path: string }
  | { readonly op: 'multi'; readonly ops: readonly MultiOp[] }
  | {
      readonly op: 'reconfig';
      readonly joining: string | null;
      readonly leaving: string | null;
      readonly newMembers: string | null;
      /** The config version the change is based on; -1 for none. */
      readonly fromConfig: bigint;
    }
  | { readonly op: 'addWatch'; readonly path: string; readonly mode: keyof typeof AddWatchMode }
  | { readonly op: 'closeSession' };

export type MultiResult =
  | { readonly op: 'create'; readonly path: string; readonly stat: Stat | undefined }
  | { readonly op: 'delete' }
  | { readonly op: 'setData'; readonly stat: Stat }
  | { readonly op: 'check' }
  | { readonly op: 'error'; readonly err: number };

export interface ResultOf {
  create: { path: string; stat: Stat };
  delete: undefined;
  setData: Stat;
  exists: Stat;
  getData: { data: Buffer; stat: Stat };
  getChildren: { children: string[]; stat: Stat };
  getACL: { acl: Acl[]; stat: Stat };
  setACL: Stat;
  sync: string;
  multi: MultiResult[];
  reconfig: { data: Buffer; stat: Stat };
  addWatch: undefined;
  closeSession: undefined;
}

export type OpOf = ZkRequest['op'];

function isTtlMode(mode: CreateMode): boolean {
  return mode === 'persistentWithTtl' || mode === 'persistentSequentialWithTtl';
}

function createOpCode(op: CreateOp): number {
  if (op.mode === 'container') return OpCode.createContainer;
  if (isTtlMode(op.mode)) return OpCode.createTTL;
  return OpCode.create2;
}

export function opCodeOf(req: ZkRequest): number {
  switch (req.op) {
    case 'create':
      return createOpCode(req);
    case 'getChildren':
      return OpCode.getChildren2;
    case 'closeSession':
      return OpCode.closeSession;
    default:
      return OpCode[req.op];
  }
}

function writeCreate(w: JuteWriter, op: CreateOp): void {
  w.ustring(op.path).buffer(op.data).vector(op.acl, writeAcl).int(CreateFlags[op.mode]);
  if (isTtlMode(op.mode)) w.long(BigInt(op.ttlMs ?? 0));
}

function writeMultiOp(w: JuteWriter, op: MultiOp): void {
  switch (op.op) {
    case 'create':
      writeCreate(w, op);
      return;
    case 'delete':
    case 'check':
      w.ustring(op.path).int(op.version);
      return;
    case 'setData':
      w.ustring(op.path).buffer(op.data).int(op.version);
      return;
  }
}

function writeBody(w: JuteWriter, req: ZkRequest): void {
  switch (req.op) {
    case 'create':
    case 'delete':
    case 'setData':
      writeMultiOp(w, req);
      return;
    case 'exists':
    case 'getData':
    case 'getChildren':
      w.ustring(req.path).bool(req.watch);
      return;
    case 'getACL':
    case 'sync':
      w.ustring(req.path);
      return;
    case 'setACL':
      w.ustring(req.path).vector(req.acl, writeAcl).int(req.version);
      return;
    case 'multi':
      for (const op of req.ops) {
        w.int(op.op === 'create' ? createOpCode(op) : OpCode[op.op])
          .bool(false)
          .int(-1);
        writeMultiOp(w, op);
      }
      w.int(-1).bool(true).int(-1);
      return;
    case 'reconfig':
      w.ustring(req.joining).ustring(req.leaving).ustring(req.newMembers).long(req.fromConfig);
      return;
    case 'addWatch':
      w.ustring(req.path).int(AddWatchMode[req.mode]);
      return;
    case 'closeSession':
      return;
  }
}

/** One request as a length-prefixed frame: RequestHeader(xid, type) then the request record. */
export function encodeRequest(xid: number, req: ZkRequest): Buffer {
  const w = new JuteWriter();
  w.int(xid).int(opCodeOf(req));
  writeBody(w, req);
  return w.frame();
}

function stringList(r: JuteReader, what: string): string[] {
  return r.vector((x) => x.string(what), what, 4) ?? [];
}

function readMultiResults(r: JuteReader): MultiResult[] {
  const results: MultiResult[] = [];
  for (;;) {
    const type = r.int('multi header type');
    const done = r.bool('multi header done');
    const err = r.int('multi header err');
    if (done) return results;
    switch (type) {
      case OpCode.create:
        results.push({ op: 'create', path: r.string('created path'), stat: undefined });
        break;
      case OpCode.create2:
      case OpCode.createContainer:
      case OpCode.createTTL:
        results.push({ op: 'create', path: r.string('created path'), stat: readStat(r) });
        break;
      case OpCode.delete:
        results.push({ op: 'delete' });
        break;
      case OpCode.setData:
        results.push({ op: 'setData', stat: readStat(r) });
        break;
      case OpCode.check:
        results.push({ op: 'check' });
        break;
      case OpCode.error:
        results.push({ op: 'error', err: r.int('multi error') });
        break;
      default:
        throw new ZkDecodeError('unknown-opcode', `multi result of type ${type} (err ${err})`);
    }
  }
}

/** Decodes the record that follows a ReplyHeader whose err is 0. */
export function decodeResult<K extends OpOf>(op: K, r: JuteReader): ResultOf[K] {
  return decoders[op](r) as ResultOf[K];
}

const decoders: { [K in OpOf]: (r: JuteReader) => ResultOf[K] } = {
  create: (r) => ({ path: r.string('created path'), stat: readStat(r) }),
  delete: () => undefined,
  setData: (r) => readStat(r),
  exists: (r) => readStat(r),
  getData: (r) => ({ data: Buffer.from(r.buffer('data') ?? Buffer.alloc(0)), stat: readStat(r) }),
  getChildren: (r) => ({ children: stringList(r, 'child'), stat: readStat(r) }),
  getACL: (r) => ({ acl: r.vector(readAcl, 'acl', 12) ?? [], stat: readStat(r) }),
  setACL: (r) => readStat(r),
  sync: (r) => r.string('sync path'),
  multi: (r) => readMultiResults(r),
  reconfig: (r) => ({ data: Buffer.from(r.buffer('config') ?? Buffer.alloc(0)), stat: readStat(r) }),
  addWatch: () => undefined,
  closeSession: () => undefined,
};
