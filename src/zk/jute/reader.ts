/** Jute binary decoding with bounds checks: every read past the end or absurd length is a ZkDecodeError. */

import { ZkDecodeError } from './decode-error.ts';

export class JuteReader {
  private readonly buf: Buffer;
  private pos = 0;

  constructor(buf: Buffer) {
    this.buf = buf;
  }

  get remaining(): number {
    return this.buf.length - this.pos;
  }

  private need(n: number, what: string): void {
    if (this.pos + n > this.buf.length) {
      throw new ZkDecodeError(
        'truncated',
        `${what} needs ${n} bytes at offset ${this.pos}, frame has ${this.buf.length}`,
      );
    }
  }

  int(what = 'int'): number {
    this.need(4, what);
    const v = this.buf.readInt32BE(this.pos);
    this.pos += 4;
    return v;
  }

  long(what = 'long'): bigint {
    this.need(8, what);
    const v = this.buf.readBigInt64BE(this.pos);
    this.pos += 8;
    return v;
  }

  bool(what = 'boolean'): boolean {
    this.need(1, what);
    const b = this.buf[this.pos++];
    if (b !== 0 && b !== 1) throw new ZkDecodeError('malformed', `${what} is ${b}, not 0 or 1`);
    return b === 1;
  }

  private length(what: string): number {
    const len = this.int(`${what} length`);
    if (len < -1) throw new ZkDecodeError('malformed', `${what} has length ${len}`);
    if (len > this.remaining) {
      throw new ZkDecodeError(
        'truncated',
        `${what} of ${len} bytes exceeds the ${this.remaining} left in the frame`,
      );
    }
    return len;
  }

  buffer(what = 'buffer'): Buffer | null {
    const len = this.length(what);
    if (len === -1) return null;
    const v = this.buf.subarray(this.pos, this.pos + len);
    this.pos += len;
    return v;
  }

  ustring(what = 'string'): string | null {
    const len = this.length(what);
    if (len === -1) return null;
    const v = this.buf.toString('utf8', this.pos, this.pos + len);
    this.pos += len;
    return v;
  }

  /** A string the protocol never sends as null. */
  string(what = 'string'): string {
    return this.ustring(what) ?? '';
  }

  vector<T>(read: (r: this) => T, what = 'vector', minItemBytes = 1): T[] | null {
    const count = this.int(`${what} count`);
    if (count === -1) return null;
    if (count < -1) throw new ZkDecodeError('malformed', `${what} has count ${count}`);
    if (count * minItemBytes > this.remaining) {
      throw new ZkDecodeError(
        'truncated',
        `${what} of ${count} items cannot fit in the ${this.remaining} bytes left`,
      );
    }
    const items: T[] = [];
    for (let i = 0; i < count; i++) items.push(read(this));
    return items;
  }
}
