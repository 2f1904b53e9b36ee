import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ZkDecodeError } from './decode-error.ts';
import { decodeIncoming } from './incoming.ts';
import { decodeResult, encodeRequest } from './operations.ts';
import { OpCode, Xid } from './protocol-constants.ts';
import { JuteReader } from './reader.ts';
import {
  readConnectResponse,
  readStat,
  type Stat,
  writeConnectRequest,
  writeReplyHeader,
  writeStat,
  writeWatcherEvent,
} from './records.ts';
import { JuteWriter } from './writer.ts';

const stat: Stat = {
  czxid: 0x100000002n,
  mzxid: 0x100000003n,
  ctime: 1795315865245,
  mtime: 1795315865273,
  version: 1,
  cversion: 2,
  aversion: 3,
  ephemeralOwner: 72057646887796736n,
  dataLength: 5,
  numChildren: 0,
  pzxid: 0x100000002n,
};

function body(write: (w: JuteWriter) => void): JuteReader {
  const w = new JuteWriter();
  write(w);
  return new JuteReader(w.bytes());
}

describe('JuteWriter and JuteReader', () => {
  it('round-trip every primitive, null buffers and strings, and vectors', () => {
    const r = body((w) =>
      w
        .int(-7)
        .long(-(2n ** 63n))
        .bool(true)
        .buffer(Buffer.from([1, 2, 3]))
        .buffer(null)
        .ustring('zkop é')
        .ustring(null)
        .vector(['a', 'bc'], (x, s) => x.ustring(s)),
    );
    assert.equal(r.int(), -7);
    assert.equal(r.long(), -(2n ** 63n));
    assert.equal(r.bool(), true);
    assert.deepEqual([...(r.buffer() ?? [])], [1, 2, 3]);
    assert.equal(r.buffer(), null);
    assert.equal(r.ustring(), 'zkop é');
    assert.equal(r.ustring(), null);
    assert.deepEqual(
      r.vector((x) => x.string()),
      ['a', 'bc'],
    );
    assert.equal(r.remaining, 0);
  });

  it('grows its buffer past the initial size', () => {
    const big = Buffer.alloc(10_000, 7);
    const r = body((w) => w.buffer(big));
    assert.deepEqual(r.buffer(), big);
  });

  it('refuses reads past the end, negative lengths, impossible counts and bad booleans', () => {
    assert.throws(
      () => new JuteReader(Buffer.from([0, 0, 1])).int(),
      (e: unknown) => {
        assert.ok(e instanceof ZkDecodeError);
        assert.equal(e.problem, 'truncated');
        return true;
      },
    );
    assert.throws(() => body((w) => w.int(-2)).buffer(), /length -2/);
    assert.throws(() => body((w) => w.int(100).int(1)).ustring(), /exceeds/);
    assert.throws(() => body((w) => w.int(1_000_000)).vector((x) => x.int(), 'v', 4), /cannot fit/);
    assert.throws(() => new JuteReader(Buffer.from([2])).bool(), /not 0 or 1/);
  });

  it('round-trips a Stat (68 bytes)', () => {
    const w = new JuteWriter();
    writeStat(w, stat);
    assert.equal(w.bytes().length, 68);
    assert.deepEqual(readStat(new JuteReader(w.bytes())), stat);
  });
});

describe('session records', () => {
  it('lays out ConnectRequest as ZooKeeper reads it, with the read-only byte last', () => {
    const w = new JuteWriter();
    writeConnectRequest(w, {
      protocolVersion: 0,
      lastZxidSeen: 5n,
      timeOut: 30000,
      sessionId: 0n,
      passwd: Buffer.alloc(16),
      readOnly: true,
    });
    const bytes = w.bytes();
    assert.equal(bytes.length, 4 + 8 + 4 + 8 + 4 + 16 + 1);
    assert.equal(bytes.readInt32BE(12), 30000);
    assert.equal(bytes.readInt32BE(24), 16);
    assert.equal(bytes[bytes.length - 1], 1);
  });

  it('reads a ConnectResponse with and without the read-only byte', () => {
    const base = (w: JuteWriter) => w.int(0).int(10000).long(42n).buffer(Buffer.alloc(16, 9));
    const withFlag = readConnectResponse(body((w) => base(w).bool(true)));
    assert.equal(withFlag.timeOut, 10000);
    assert.equal(withFlag.sessionId, 42n);
    assert.equal(withFlag.readOnly, true);
    assert.equal(readConnectResponse(body(base)).readOnly, false);
  });
});

describe('encodeRequest', () => {
  it('frames getData as length, xid, opcode, path, watch flag', () => {
    const frame = encodeRequest(7, { op: 'getData', path: '/a', watch: true });
    assert.deepEqual([...frame], [0, 0, 0, 15, 0, 0, 0, 7, 0, 0, 0, 4, 0, 0, 0, 2, 0x2f, 0x61, 1]);
  });

  it('picks the opcode from the create mode and appends the TTL', () => {
    const acl = [{ perms: 31, id: { scheme: 'world', id: 'anyone' } }];
    const create = (mode: 'persistent' | 'container' | 'persistentWithTtl') =>
      encodeRequest(1, { op: 'create', path: '/t', data: Buffer.alloc(0), acl, mode, ttlMs: 1000 });
    assert.equal(create('persistent').readInt32BE(8), OpCode.create2);
    assert.equal(create('container').readInt32BE(8), OpCode.createContainer);
    const ttl = create('persistentWithTtl');
    assert.equal(ttl.readInt32BE(8), OpCode.createTTL);
    assert.equal(ttl.readBigInt64BE(ttl.length - 8), 1000n);
    assert.equal(ttl.readInt32BE(ttl.length - 12), 5);
  });

  it('ends a multi with a done header', () => {
    const frame = encodeRequest(3, { op: 'multi', ops: [{ op: 'check', path: '/a', version: 2 }] });
    const r = new JuteReader(frame.subarray(4));
    assert.equal(r.int(), 3);
    assert.equal(r.int(), OpCode.multi);
    assert.deepEqual([r.int(), r.bool(), r.int()], [OpCode.check, false, -1]);
    assert.deepEqual([r.string(), r.int()], ['/a', 2]);
    assert.deepEqual([r.int(), r.bool(), r.int()], [-1, true, -1]);
    assert.equal(r.remaining, 0);
  });

  it('writes null for the reconfig fields not used', () => {
    const frame = encodeRequest(9, {
      op: 'reconfig',
      joining: null,
      leaving: '4',
      newMembers: null,
      fromConfig: -1n,
    });
    const r = new JuteReader(frame.subarray(12));
    assert.equal(r.ustring(), null);
    assert.equal(r.ustring(), '4');
    assert.equal(r.ustring(), null);
    assert.equal(r.long(), -1n);
  });
});

describe('decodeResult', () => {
  it('reads each result record', () => {
    const s = (w: JuteWriter) => writeStat(w, stat);
    assert.deepEqual(
      decodeResult(
        'create',
        body((w) => s(w.ustring('/x-0001'))),
      ),
      { path: '/x-0001', stat },
    );
    assert.deepEqual(
      decodeResult(
        'getData',
        body((w) => s(w.buffer(Buffer.from('hi')))),
      ).data.toString(),
      'hi',
    );
    assert.deepEqual(
      decodeResult(
        'getChildren',
        body((w) => s(w.vector(['b', 'a'], (x, c) => x.ustring(c)))),
      ).children,
      ['b', 'a'],
    );
    const acl = decodeResult(
      'getACL',
      body((w) => s(w.int(1).int(31).ustring('digest').ustring('u:h'))),
    );
    assert.deepEqual(acl.acl, [{ perms: 31, id: { scheme: 'digest', id: 'u:h' } }]);
    assert.equal(
      decodeResult(
        'sync',
        body((w) => w.ustring('/a')),
      ),
      '/a',
    );
    assert.equal(
      decodeResult(
        'delete',
        body(() => {}),
      ),
      undefined,
    );
  });

  it('reads multi results until the done header, errors included', () => {
    const results = decodeResult(
      'multi',
      body((w) => {
        w.int(OpCode.create2).bool(false).int(0).ustring('/m');
        writeStat(w, stat);
        w.int(OpCode.check).bool(false).int(0);
        w.int(OpCode.error).bool(false).int(-103).int(-103);
        w.int(-1).bool(true).int(-1);
      }),
    );
    assert.deepEqual(results, [
      { op: 'create', path: '/m', stat },
      { op: 'check' },
      { op: 'error', err: -103 },
    ]);
  });

  it('refuses an unknown multi result type', () => {
    assert.throws(
      () =>
        decodeResult(
          'multi',
          body((w) => w.int(77).bool(false).int(0)),
        ),
      (e: unknown) => e instanceof ZkDecodeError && e.problem === 'unknown-opcode',
    );
  });
});

describe('decodeIncoming', () => {
  const header =
    (xid: number, err = 0) =>
    (w: JuteWriter) =>
      writeReplyHeader(w, { xid, zxid: 10n, err });

  it('sorts frames by xid', () => {
    const w = new JuteWriter();
    header(Xid.notification)(w);
    writeWatcherEvent(w, { type: 3, state: 3, path: '/a' });
    assert.deepEqual(decodeIncoming(w.bytes()), {
      kind: 'notification',
      zxid: 10n,
      event: { type: 3, state: 3, path: '/a' },
    });
    const frame = (xid: number, err = 0) => {
      const x = new JuteWriter();
      header(xid, err)(x);
      return x.bytes();
    };
    assert.deepEqual(decodeIncoming(frame(Xid.ping)), { kind: 'ping' });
    assert.deepEqual(decodeIncoming(frame(Xid.auth, -115)), { kind: 'auth', err: -115 });
    assert.deepEqual(decodeIncoming(frame(Xid.setWatches)), { kind: 'setWatches', err: 0 });
    const reply = decodeIncoming(frame(12, -101));
    assert.equal(reply.kind, 'reply');
    assert.deepEqual(reply.kind === 'reply' && reply.header, { xid: 12, zxid: 10n, err: -101 });
  });
});
