/**
 * The DER encoding of the ASN.1 values an X.509 certificate is made of (ITU-T X.690): each value is
 * tag, length, content. Only encoding: node:crypto parses and verifies certificates itself.
 */

const TAG = {
  boolean: 0x01,
  integer: 0x02,
  bitString: 0x03,
  octetString: 0x04,
  null: 0x05,
  oid: 0x06,
  utf8String: 0x0c,
  sequence: 0x30,
  set: 0x31,
  utcTime: 0x17,
  generalizedTime: 0x18,
} as const;

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let rest = n; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/** One value: `tag`, the length of `content`, `content`. */
export function tlv(tag: number, content: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from([tag]), length(content.length), content]);
}

export const sequence = (...items: Buffer[]): Buffer => tlv(TAG.sequence, Buffer.concat(items));

/** A SET OF: DER orders its elements by their encodings. */
export const setOf = (...items: Buffer[]): Buffer =>
  tlv(TAG.set, Buffer.concat([...items].sort(Buffer.compare)));

export const boolean = (value: boolean): Buffer => tlv(TAG.boolean, Buffer.from([value ? 0xff : 0x00]));

export const nullValue = (): Buffer => tlv(TAG.null, Buffer.alloc(0));

/** A non-negative INTEGER, from a number or from its unsigned big-endian bytes. */
export function integer(value: number | bigint | Uint8Array): Buffer {
  let bytes: Buffer;
  if (value instanceof Uint8Array) bytes = Buffer.from(value);
  else {
    const big = BigInt(value);
    if (big < 0n) throw new Error(`only non-negative integers are encoded, not ${big}`);
    const hex = big.toString(16);
    bytes = Buffer.from(hex.length % 2 === 0 ? hex : `0${hex}`, 'hex');
  }
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  const minimal = bytes.subarray(start);
  const signed = (minimal[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), minimal]) : minimal;
  return tlv(TAG.integer, signed.length === 0 ? Buffer.from([0]) : signed);
}

/** An OBJECT IDENTIFIER from its dotted form, e.g. `2.5.4.3`. */
export function oid(dotted: string): Buffer {
  const arcs = dotted.split('.').map((arc) => {
    if (!/^\d+$/.test(arc)) throw new Error(`'${dotted}' is not an object identifier`);
    return Number(arc);
  });
  const [first, second, ...rest] = arcs;
  if (first === undefined || second === undefined) throw new Error(`'${dotted}' needs at least two arcs`);
  const bytes: number[] = [];
  for (const arc of [first * 40 + second, ...rest]) {
    const groups: number[] = [arc & 0x7f];
    for (let v = Math.floor(arc / 128); v > 0; v = Math.floor(v / 128)) groups.unshift((v & 0x7f) | 0x80);
    bytes.push(...groups);
  }
  return tlv(TAG.oid, Buffer.from(bytes));
}

export const utf8String = (text: string): Buffer => tlv(TAG.utf8String, Buffer.from(text, 'utf8'));

/** The bytes of an ASCII text (IA5String's alphabet, e.g. a DNS name). */
export function ascii(text: string): Buffer {
  if ([...text].some((c) => c.charCodeAt(0) > 0x7f)) throw new Error(`'${text}' is not ASCII`);
  return Buffer.from(text, 'ascii');
}

export const octetString = (bytes: Uint8Array): Buffer => tlv(TAG.octetString, bytes);

/** A BIT STRING of whole bytes. */
export const bitString = (bytes: Uint8Array): Buffer =>
  tlv(TAG.bitString, Buffer.concat([Buffer.from([0]), bytes]));

/**
 * A named-bit BIT STRING (e.g. key usage) with bits numbered from the first byte's most significant
 * bit; DER drops trailing zero bits and says how many bits of the last byte are unused.
 */
export function namedBits(bits: readonly number[]): Buffer {
  if (bits.length === 0) return tlv(TAG.bitString, Buffer.from([0]));
  const highest = Math.max(...bits);
  const bytes = Buffer.alloc(Math.floor(highest / 8) + 1);
  for (const bit of bits) bytes[bit >> 3] = (bytes[bit >> 3] ?? 0) | (0x80 >> (bit & 7));
  const unused = 7 - (highest & 7);
  return tlv(TAG.bitString, Buffer.concat([Buffer.from([unused]), bytes]));
}

const two = (n: number) => String(n).padStart(2, '0');

/** X.509 time: UTCTime for the years 1950-2049, GeneralizedTime otherwise; whole seconds, UTC. */
export function time(at: Date): Buffer {
  const y = at.getUTCFullYear();
  const rest = `${two(at.getUTCMonth() + 1)}${two(at.getUTCDate())}${two(at.getUTCHours())}${two(at.getUTCMinutes())}${two(at.getUTCSeconds())}Z`;
  if (y >= 1950 && y < 2050) return tlv(TAG.utcTime, Buffer.from(`${two(y % 100)}${rest}`, 'ascii'));
  return tlv(TAG.generalizedTime, Buffer.from(`${String(y).padStart(4, '0')}${rest}`, 'ascii'));
}

/** `[n] EXPLICIT`: the value wrapped in a constructed context-specific tag. */
export const explicit = (n: number, value: Buffer): Buffer => tlv(0xa0 | n, value);

/** `[n] IMPLICIT` of a primitive value: the context-specific tag replaces the value's own. */
export const implicitPrimitive = (n: number, content: Uint8Array): Buffer => tlv(0x80 | n, content);

/** PEM armour: base64 in lines of 64 characters between BEGIN and END lines. */
export function pem(label: string, der: Uint8Array): string {
  const lines =
    Buffer.from(der)
      .toString('base64')
      .match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}
