/** Random and mutated frames through the decoders: each either decodes or throws ZkDecodeError, quickly. */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seeded } from '../../../test/support/seeded-random.ts';
import { FrameDecoder } from '../framing.ts';
import { ZkDecodeError } from './decode-error.ts';
import { decodeIncoming } from './incoming.ts';
import { decodeResult, type OpOf } from './operations.ts';
import { OpCode } from './protocol-constants.ts';
import { JuteReader } from './reader.ts';
import { readConnectResponse, type Stat, writeReplyHeader, writeStat, writeWatcherEvent } from './records.ts';
import { JuteWriter } from './writer.ts';

const OPS: readonly OpOf[] = [
  'create',
  'delete',
  'setData',
  'exists',
  'getData',
  'getChildren',
  'getACL',
  'setACL',
  'sync',
  'multi',
  'reconfig',
  'addWatch',
  'closeSession',
];

const stat: Stat = {
  czxid: 1n,
  mzxid: 2n,
  ctime: 3,
  mtime: 4,
  version: 5,
  cversion: 6,
  aversion: 7,
  ephemeralOwner: 8n,
  dataLength: 9,
  numChildren: 10,
  pzxid: 11n,
};

function validFrames(): Buffer[] {
  const frames: Buffer[] = [];
  const reply = (write: (w: JuteWriter) => void) => {
    const w = new JuteWriter();
    writeReplyHeader(w, { xid: 5, zxid: 0x100000001n, err: 0 });
    write(w);
    frames.push(w.bytes());
  };
  reply((w) => writeStat(w.buffer(Buffer.from('data')), stat));
  reply((w) =>
    writeStat(
      w.vector(['a', 'b', 'c'], (x, s) => x.ustring(s)),
      stat,
    ),
  );
  reply((w) => writeStat(w.int(1).int(31).ustring('world').ustring('anyone'), stat));
  reply((w) => {
    w.int(OpCode.create2).bool(false).int(0).ustring('/x');
    writeStat(w, stat);
    w.int(OpCode.setData).bool(false).int(0);
    writeStat(w, stat);
    w.int(OpCode.error).bool(false).int(-101).int(-101);
    w.int(-1).bool(true).int(-1);
  });
  const n = new JuteWriter();
  writeReplyHeader(n, { xid: -1, zxid: -1n, err: 0 });
  writeWatcherEvent(n, { type: 4, state: 3, path: '/parent' });
  frames.push(n.bytes());
  frames.push(new JuteWriter().int(0).int(30000).long(99n).buffer(Buffer.alloc(16, 1)).bool(false).bytes());
  return frames;
}

function mutate(frame: Buffer, rnd: () => number): Buffer {
  const b = Buffer.from(frame);
  const kind = Math.floor(rnd() * 5);
  const at = Math.floor(rnd() * Math.max(1, b.length));
  switch (kind) {
    case 0:
      return b.subarray(0, at);
    case 1:
      b[at] = Math.floor(rnd() * 256);
      return b;
    case 2:
      if (at + 4 <= b.length) b.writeInt32BE(Math.floor(rnd() * 2 ** 32) - 2 ** 31, at);
      return b;
    case 3:
      return Buffer.concat([b.subarray(0, at), Buffer.from([Math.floor(rnd() * 256)]), b.subarray(at)]);
    default:
      if (at + 4 <= b.length) b.writeInt32BE(0x7fffffff, at);
      return b;
  }
}

function randomBytes(rnd: () => number, max: number): Buffer {
  const len = Math.floor(rnd() * max);
  const b = Buffer.alloc(len);
  for (let i = 0; i < len; i++) b[i] = Math.floor(rnd() * 256);
  return b;
}

/** Runs a decoder; anything thrown other than ZkDecodeError fails the test with the input. */
function expectDecodeOrTypedError(input: Buffer, decode: (b: Buffer) => unknown): 'ok' | 'error' {
  try {
    decode(input);
    return 'ok';
  } catch (err) {
    if (err instanceof ZkDecodeError) return 'error';
    assert.fail(`untyped error ${(err as Error).stack} for input ${input.toString('hex')}`);
  }
}

function decodeAsEveryOp(frame: Buffer): void {
  const incoming = decodeIncoming(frame);
  if (incoming.kind !== 'reply') return;
  const start = frame.length - incoming.body.remaining;
  for (const op of OPS) {
    try {
      decodeResult(op, new JuteReader(frame.subarray(start)));
    } catch (err) {
      if (!(err instanceof ZkDecodeError)) throw err;
    }
  }
}

describe('decoder fuzzing (seeded)', () => {
  it('random frames decode or fail with ZkDecodeError', () => {
    const rnd = seeded(0x5eed);
    const started = Date.now();
    const outcomes = { ok: 0, error: 0 };
    for (let i = 0; i < 8_000; i++) {
      const input = randomBytes(rnd, 160);
      outcomes[expectDecodeOrTypedError(input, decodeAsEveryOp)]++;
      expectDecodeOrTypedError(input, (b) => readConnectResponse(new JuteReader(b)));
    }
    assert.ok(outcomes.error > 0 && outcomes.ok > 0, JSON.stringify(outcomes));
    assert.ok(Date.now() - started < 20_000);
  });

  it('mutated valid frames decode or fail with ZkDecodeError', () => {
    const rnd = seeded(42);
    const frames = validFrames();
    for (const f of frames) expectDecodeOrTypedError(f, decodeAsEveryOp);
    const outcomes = { ok: 0, error: 0 };
    for (let i = 0; i < 8_000; i++) {
      const base = frames[i % frames.length] as Buffer;
      let input = mutate(base, rnd);
      if (rnd() < 0.3) input = mutate(input, rnd);
      outcomes[expectDecodeOrTypedError(input, decodeAsEveryOp)]++;
      expectDecodeOrTypedError(input, (b) => readConnectResponse(new JuteReader(b)));
    }
    assert.ok(outcomes.error > 1000, JSON.stringify(outcomes));
  });

  it('a byte stream in random chunks yields whole frames or a typed error, never an unbounded buffer', () => {
    const rnd = seeded(7);
    for (let round = 0; round < 500; round++) {
      const decoder = new FrameDecoder(256);
      let failed = false;
      for (let chunk = 0; chunk < 20 && !failed; chunk++) {
        try {
          for (const frame of decoder.push(randomBytes(rnd, 64))) assert.ok(frame.length <= 256);
          assert.ok(decoder.pending <= 256 + 4 + 64);
        } catch (err) {
          assert.ok(err instanceof ZkDecodeError, String(err));
          failed = true;
        }
      }
    }
  });

  it('valid frames cut at random points come out whole and in order', () => {
    const rnd = seeded(99);
    const frames = validFrames();
    const stream = Buffer.concat(
      frames.map((f) => {
        const h = Buffer.alloc(4);
        h.writeInt32BE(f.length, 0);
        return Buffer.concat([h, f]);
      }),
    );
    for (let round = 0; round < 200; round++) {
      const decoder = new FrameDecoder(1024);
      const out: Buffer[] = [];
      let at = 0;
      while (at < stream.length) {
        const n = 1 + Math.floor(rnd() * 40);
        out.push(...decoder.push(stream.subarray(at, at + n)));
        at += n;
      }
      assert.deepEqual(out, frames);
    }
  });
});
