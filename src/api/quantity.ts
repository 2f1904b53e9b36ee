/** Kubernetes resource quantities (`512Mi`, `1.5Gi`, `500m`, `1e3`, `1073741824`) as exact fractions. */
import { QUANTITY_PATTERN } from './schema-kinds.ts';

export interface ParsedQuantity {
  readonly numerator: bigint;
  readonly denominator: bigint;
}

const BINARY_SHIFT: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50 };
const DECIMAL_EXPONENT: Record<string, number> = {
  n: -9,
  u: -6,
  m: -3,
  '': 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};

const quantityRe = new RegExp(QUANTITY_PATTERN);
const partsRe = /^([+-]?)([0-9]*)(?:\.([0-9]*))?(.*)$/;

/** The exact value of a quantity, or undefined when it is not one. */
export function parseQuantity(quantity: string | number): ParsedQuantity | undefined {
  const text = typeof quantity === 'number' ? (Number.isInteger(quantity) ? String(quantity) : '') : quantity;
  if (!quantityRe.test(text)) return undefined;
  const [, sign = '', whole = '', fraction = '', suffix = ''] = partsRe.exec(text) ?? [];
  let numerator = BigInt(`${whole}${fraction}` || '0') * (sign === '-' ? -1n : 1n);
  let denominator = 10n ** BigInt(fraction.length);
  const shift = BINARY_SHIFT[suffix];
  const exponent = shift === undefined ? (DECIMAL_EXPONENT[suffix] ?? Number(suffix.slice(1))) : 0;
  if (shift !== undefined) numerator <<= BigInt(shift);
  if (exponent >= 0) numerator *= 10n ** BigInt(exponent);
  else denominator *= 10n ** BigInt(-exponent);
  return { numerator, denominator };
}

function mustParse(quantity: string | number): ParsedQuantity {
  const parsed = parseQuantity(quantity);
  if (!parsed) throw new Error(`'${quantity}' is not a quantity (examples: 512Mi, 1Gi, 500m, 1000)`);
  return parsed;
}

/** -1, 0 or 1 as `a` is less than, equal to or greater than `b`. Throws on a malformed quantity. */
export function compareQuantities(a: string | number, b: string | number): -1 | 0 | 1 {
  const x = mustParse(a);
  const y = mustParse(b);
  const left = x.numerator * y.denominator;
  const right = y.numerator * x.denominator;
  return left < right ? -1 : left > right ? 1 : 0;
}

/** The quantity as a whole number, rounded up (bytes for memory and storage). */
export function quantityToInteger(quantity: string | number): number {
  const { numerator, denominator } = mustParse(quantity);
  const whole = numerator / denominator;
  return Number(numerator % denominator > 0n ? whole + 1n : whole);
}
