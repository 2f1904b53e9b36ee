import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FrameDecoder } from './framing.ts';
import { ZkDecodeError } from './jute/decode-error.ts';

function frame(payload: number[]): Buffer {
  const b = Buffer.alloc(4 + payload.length);
  b.writeInt32BE(payload.length, 0);
  Buffer.from(payload).copy(b, 4);
  return b;
}

describe('FrameDecoder', () => {
  it('splits several frames in one chunk and joins a frame split byte by byte', () => {
    const d = new FrameDecoder(100);
    const both = Buffer.concat([frame([1, 2]), frame([]), frame([3])]);
    assert.deepEqual(
      d.push(both).map((f) => [...f]),
      [[1, 2], [], [3]],
    );
    const one = frame([9, 8, 7]);
    const got: number[][] = [];
    for (const byte of one) got.push(...d.push(Buffer.from([byte])).map((f) => [...f]));
    assert.deepEqual(got, [[9, 8, 7]]);
    assert.equal(d.pending, 0);
  });

  it('keeps a partial frame until the rest arrives', () => {
    const d = new FrameDecoder(100);
    const f = frame([1, 2, 3, 4]);
    assert.deepEqual(d.push(f.subarray(0, 6)), []);
    assert.equal(d.pending, 6);
    assert.deepEqual(
      d.push(f.subarray(6)).map((x) => [...x]),
      [[1, 2, 3, 4]],
    );
  });

  it('refuses lengths above the maximum or below zero before buffering the payload', () => {
    const big = Buffer.alloc(4);
    big.writeInt32BE(101, 0);
    assert.throws(
      () => new FrameDecoder(100).push(big),
      (e: unknown) => e instanceof ZkDecodeError && e.problem === 'oversized',
    );
    const negative = Buffer.alloc(4);
    negative.writeInt32BE(-1, 0);
    assert.throws(
      () => new FrameDecoder(100).push(negative),
      (e: unknown) => e instanceof ZkDecodeError && e.problem === 'malformed',
    );
  });
});
