/**
 * Schema building blocks shared by the ZooKeeper resource. Each one is valid TypeBox for local
 * validation and maps onto a structural Kubernetes OpenAPI shape in the CRD generator.
 */
import {
  CloneType,
  type ObjectOptions,
  type SchemaOptions,
  type Static,
  type TLiteral,
  type TOptional,
  type TProperties,
  type TSchema,
  Type,
} from '@sinclair/typebox';
import type { CelRule } from './rules.ts';

/** Kubernetes resource.Quantity syntax (e.g. `512Mi`, `1Gi`, `500m`, `1e3`). */
export const QUANTITY_PATTERN =
  '^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTP]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$';

/** An object that refuses unknown fields. */
export const Strict = <T extends TProperties>(properties: T, options: ObjectOptions = {}) =>
  Type.Object(properties, { additionalProperties: false, ...options });

/** A Kubernetes quantity: an integer or a quantity string. */
export const QuantityType = (options: SchemaOptions = {}) =>
  Type.Union([Type.Integer(), Type.String({ pattern: QUANTITY_PATTERN, maxLength: 64 })], {
    'x-kubernetes-int-or-string': true,
    ...options,
  });

/** A free-form string-to-string map (labels, annotations, node selectors, zoo.cfg extras). */
export const StringMap = (options: SchemaOptions = {}, valueOptions: SchemaOptions = {}) =>
  Type.Record(Type.String(), Type.String(valueOptions), options);

/** A Kubernetes object zkop passes through unchanged (affinity, security context, ...). */
export const PassThrough = (options: SchemaOptions = {}) =>
  Type.Record(Type.String(), Type.Unknown(), { 'x-kubernetes-preserve-unknown-fields': true, ...options });

/** One of a fixed set of strings. */
export const OneOf = <const T extends readonly string[]>(values: T, options: { description?: string } = {}) =>
  Type.Union(values.map((v) => Type.Literal(v)) as TLiteral<T[number]>[], options);

/** An optional field with a default: absent in a manifest, filled in by applyDefaults and by the API server. */
export const Defaulted = <T extends TSchema>(schema: T, value: Static<T>): TOptional<T> =>
  Type.Optional(CloneType(schema, { default: value })) as TOptional<T>;

/** Attaches CEL rules to a schema node (see rules.ts). */
export const withRules = (rules: readonly CelRule[]) => ({ 'x-kubernetes-validations': rules });
