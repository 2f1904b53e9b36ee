/** Structural validation against the TypeBox schema, with messages that say what is allowed. */
import { FormatRegistry, type TSchema } from '@sinclair/typebox';
import { type ValueError, ValueErrorType } from '@sinclair/typebox/errors';
import { Value } from '@sinclair/typebox/value';
import { type FieldError, fieldPath } from './field-error.ts';

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
if (!FormatRegistry.Has('date-time')) FormatRegistry.Set('date-time', (v) => RFC3339.test(v));

const show = (value: unknown): string => {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
};

function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min(
        (row[j] ?? 0) + 1,
        (next[j - 1] ?? 0) + 1,
        (row[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    row = next;
  }
  return row[b.length] ?? 0;
}

function unknownField(key: string, objectSchema: TSchema): string {
  const allowed = Object.keys(objectSchema.properties ?? {});
  const close = allowed.find((k) => k.toLowerCase() === key.toLowerCase() || editDistance(k, key) <= 2);
  const hint = close ? ` Did you mean "${close}"?` : '';
  return `unknown field "${key}".${hint} Allowed here: ${allowed.join(', ')}`;
}

function range(schema: TSchema): string {
  const { minimum, maximum } = schema;
  if (minimum !== undefined && maximum !== undefined) return `between ${minimum} and ${maximum}`;
  return minimum !== undefined ? `at least ${minimum}` : `at most ${maximum}`;
}

const described = (schema: TSchema): string => (schema.description ? ` (${schema.description})` : '');

function unionMessage(schema: TSchema): string {
  const options: TSchema[] = schema.anyOf ?? [];
  if (options.length > 0 && options.every((o) => o.const !== undefined)) {
    return `must be one of: ${options.map((o) => o.const).join(', ')}`;
  }
  if (schema['x-kubernetes-int-or-string'])
    return 'must be a quantity such as 512Mi, 1Gi, 500m or a whole number';
  return 'has the wrong type';
}

function messageOf(error: ValueError): string {
  const { schema, value } = error;
  const got = `, got ${show(value)}`;
  switch (error.type) {
    case ValueErrorType.ObjectAdditionalProperties:
      return unknownField(error.path.split('/').pop() ?? '', error.schema);
    case ValueErrorType.ObjectRequiredProperty:
      return `is required${described(schema)}`;
    case ValueErrorType.Integer:
      return `must be a whole number${got}`;
    case ValueErrorType.Number:
      return `must be a number${got}`;
    case ValueErrorType.String:
      return typeof value === 'number'
        ? `must be a string${got} (quote it in YAML: "${value}")`
        : `must be a string${got}`;
    case ValueErrorType.Boolean:
      return `must be true or false${got}`;
    case ValueErrorType.Object:
      return `must be a mapping (key: value)${got}`;
    case ValueErrorType.Array:
      return `must be a list${got}`;
    case ValueErrorType.IntegerMinimum:
    case ValueErrorType.IntegerMaximum:
    case ValueErrorType.NumberMinimum:
    case ValueErrorType.NumberMaximum:
      return `must be ${range(schema)}${got}`;
    case ValueErrorType.StringMinLength:
      return schema.minLength === 1
        ? 'must not be empty'
        : `must have at least ${schema.minLength} characters`;
    case ValueErrorType.StringMaxLength:
      return `must have at most ${schema.maxLength} characters`;
    case ValueErrorType.StringPattern:
      return `${show(value)} does not have the expected form${described(schema)}`;
    case ValueErrorType.StringFormat:
      return `must be a ${schema.format}${got}`;
    case ValueErrorType.ObjectMaxProperties:
      return `must have at most ${schema.maxProperties} entries`;
    case ValueErrorType.Literal:
      return `must be ${show(schema.const)}${got}`;
    case ValueErrorType.Union:
      return `${unionMessage(schema)}${got}`;
    default:
      return error.message;
  }
}

const toSegments = (pointer: string): string[] =>
  pointer
    .split('/')
    .slice(1)
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));

/** Every structural problem of `value` against `schema`, one per field, prefixed with `root` segments. */
export function schemaErrors(schema: TSchema, value: unknown, root: readonly string[] = []): FieldError[] {
  const byPath = new Map<string, FieldError>();
  for (const error of Value.Errors(schema, value)) {
    const path = fieldPath([...root, ...toSegments(error.path)]);
    if (![...byPath.keys()].some((p) => path === p || path.startsWith(`${p}.`) || path.startsWith(`${p}[`))) {
      byPath.set(path, { path, message: messageOf(error) });
    }
  }
  return [...byPath.values()];
}
