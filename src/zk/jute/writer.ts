/** Jute binary encoding: big-endian ints and longs, length-prefixed buffers and strings (-1 for null), counted vectors. */

export class JuteWriter {
  private buf: Buffer;
  private pos = 0;

  constructor(initialSize = 256) {
    this.buf = Buffer.allocUnsafe(initialSize);
  }

  private reserve(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  int(v: number): this {
    this.reserve(4);
    this.buf.writeInt32BE(v, this.pos);
    this.pos += 4;
    return this;
  }

  long(v: bigint): this {
    this.reserve(8);
    this.buf.writeBigInt64BE(v, this.pos);
    this.pos += 8;
    return this;
  }

  bool(v: boolean): this {
    this.reserve(1);
    this.buf[this.pos++] = v ? 1 : 0;
    return this;
  }

  buffer(v: Uint8Array | null): this {
    if (v === null) return this.int(-1);
    this.int(v.length);
    this.reserve(v.length);
    this.buf.set(v, this.pos);
    this.pos += v.length;
    return this;
  }

  ustring(v: string | null): this {
    if (v === null) return this.int(-1);
    const len = Buffer.byteLength(v, 'utf8');
    this.int(len);
    this.reserve(len);
    this.buf.write(v, this.pos, 'utf8');
    this.pos += len;
    return this;
  }

  vector<T>(items: readonly T[] | null, write: (w: this, item: T) => void): this {
    if (items === null) return this.int(-1);
    this.int(items.length);
    for (const item of items) write(this, item);
    return this;
  }

  /** The bytes written so far, preceded by their length: one frame as ZooKeeper reads it. */
  frame(): Buffer {
    const out = Buffer.allocUnsafe(this.pos + 4);
    out.writeInt32BE(this.pos, 0);
    this.buf.copy(out, 4, 0, this.pos);
    return out;
  }

  bytes(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.pos));
  }
}
