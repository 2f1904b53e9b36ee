/** Splits a TCP byte stream into ZooKeeper frames (4-byte big-endian length, then the payload). */

import { ZkDecodeError } from './jute/decode-error.ts';

export class FrameDecoder {
  private readonly maxFrameBytes: number;
  private chunks: Buffer[] = [];
  private buffered = 0;

  constructor(maxFrameBytes: number) {
    this.maxFrameBytes = maxFrameBytes;
  }

  /** Adds bytes and returns every frame now complete. Throws ZkDecodeError on an impossible length. */
  push(chunk: Buffer): Buffer[] {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    const frames: Buffer[] = [];
    for (;;) {
      if (this.buffered < 4) return frames;
      const head = this.peek(4);
      const len = head.readInt32BE(0);
      if (len < 0 || len > this.maxFrameBytes) {
        throw new ZkDecodeError(
          len < 0 ? 'malformed' : 'oversized',
          `frame length ${len} is outside 0..${this.maxFrameBytes} bytes`,
        );
      }
      if (this.buffered < 4 + len) return frames;
      const all = this.take(4 + len);
      frames.push(all.subarray(4));
    }
  }

  /** Bytes received that do not yet form a whole frame. */
  get pending(): number {
    return this.buffered;
  }

  private peek(n: number): Buffer {
    const first = this.chunks[0];
    if (first && first.length >= n) return first;
    const merged = Buffer.concat(this.chunks);
    this.chunks = [merged];
    return merged;
  }

  private take(n: number): Buffer {
    const merged = this.peek(n);
    const out = merged.subarray(0, n);
    const rest = merged.subarray(n);
    this.chunks = rest.length > 0 ? [rest, ...this.chunks.slice(1)] : this.chunks.slice(1);
    this.buffered -= n;
    return out;
  }
}
