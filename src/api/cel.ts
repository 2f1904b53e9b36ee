/**
 * Local evaluation of the resource's CEL rules with the same functions the Kubernetes API server
 * offers them (standard CEL, the strings extension and the Kubernetes quantity library).
 */
import { Environment } from '@marcbachmann/cel-js';
import { compareQuantities, parseQuantity } from './quantity.ts';

/** A Kubernetes quantity inside CEL (`quantity('1Gi')`). */
class CelQuantity {
  readonly text: string;
  constructor(text: string) {
    if (!parseQuantity(text)) throw new Error(`quantity('${text}'): not a quantity`);
    this.text = text;
  }
}

const compare = (a: CelQuantity, b: CelQuantity): bigint => BigInt(compareQuantities(a.text, b.text));
const method = <R>(name: string, returnType: string, handler: (a: CelQuantity, b: CelQuantity) => R) => ({
  name,
  receiverType: 'Quantity',
  returnType,
  handler,
  params: [{ name: 'other', type: 'Quantity' }],
});

let environment: Environment | undefined;

function celEnvironment(): Environment {
  environment ??= new Environment({ unlistedVariablesAreDyn: true, homogeneousAggregateLiterals: false })
    .registerType('Quantity', CelQuantity)
    .registerFunction('quantity(string): Quantity', (text: string) => new CelQuantity(text))
    .registerFunction('isQuantity(string): bool', (text: string) => parseQuantity(text) !== undefined)
    .registerFunction(method('compareTo', 'int', compare))
    .registerFunction(method('isLessThan', 'bool', (a, b) => compare(a, b) < 0n))
    .registerFunction(method('isGreaterThan', 'bool', (a, b) => compare(a, b) > 0n));
  return environment;
}

/** JSON values as CEL sees them: whole numbers are CEL ints. */
export function toCel(value: unknown): unknown {
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
  if (Array.isArray(value)) return value.map(toCel);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toCel(v)]));
  }
  return value;
}

const compiled = new Map<string, (vars: Record<string, unknown>) => unknown>();

/** Evaluates a CEL expression with `self` (and `oldSelf`) bound to JSON values. Throws on errors. */
export function evaluateCel(expression: string, self: unknown, oldSelf?: unknown): unknown {
  let program = compiled.get(expression);
  if (!program) {
    program = celEnvironment().parse(expression) as (vars: Record<string, unknown>) => unknown;
    compiled.set(expression, program);
  }
  const vars: Record<string, unknown> = { self: toCel(self) };
  if (oldSelf !== undefined) vars.oldSelf = toCel(oldSelf);
  return program(vars);
}
