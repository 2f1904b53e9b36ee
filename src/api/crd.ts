/**
 * The CustomResourceDefinition of the ZooKeeper resource, derived from the TypeBox schema: the same
 * fields, defaults and CEL rules, in the structural OpenAPI v3 form the API server requires.
 */
import { Kind, type TSchema } from '@sinclair/typebox';
import { stringify } from 'yaml';
import { fillSchemaDefaults } from './defaults.ts';
import type { CelRule } from './rules.ts';
import {
  API_VERSION_NAME,
  GROUP,
  KIND,
  ZooKeeperSchema,
  ZooKeeperSpecSchema,
  ZooKeeperStatusSchema,
} from './spec.ts';

export const PLURAL = 'zookeepers';
export const CRD_NAME = `${PLURAL}.${GROUP}`;
export const CRD_FILE = `deploy/crds/${GROUP}_${PLURAL}.yaml`;
export const CRD_GENERATE_COMMAND = 'scripts/node scripts/gen-crd.ts';

type OpenApi = Record<string, unknown>;

/** Keywords copied as they are; everything else in a TypeBox schema is internal or translated. */
const KEPT = [
  'description',
  'default',
  'minimum',
  'maximum',
  'minLength',
  'maxLength',
  'pattern',
  'format',
  'maxProperties',
  'minItems',
  'maxItems',
  'x-kubernetes-list-type',
  'x-kubernetes-list-map-keys',
] as const;

export const celRules = (rules: readonly CelRule[]) =>
  rules.map(({ id: _id, localMessageExpression: _local, ...rule }) => rule);

function annotations(schema: TSchema): OpenApi {
  const out: OpenApi = {};
  for (const key of KEPT) if (schema[key] !== undefined) out[key] = schema[key];
  // The API server checks a default against the node's rules as written, without nested defaults.
  if (schema.default !== undefined) out.default = fillSchemaDefaults(schema, structuredClone(schema.default));
  return out;
}

const validations = (schema: TSchema): OpenApi =>
  schema['x-kubernetes-validations']
    ? { 'x-kubernetes-validations': celRules(schema['x-kubernetes-validations']) }
    : {};

function shape(schema: TSchema): OpenApi {
  if (schema.anyOf) {
    const options: TSchema[] = schema.anyOf;
    if (options.every((o) => typeof o.const === 'string'))
      return { type: 'string', enum: options.map((o) => o.const) };
    if (schema['x-kubernetes-int-or-string']) {
      const text = options.find((o) => o.type === 'string');
      return {
        anyOf: [{ type: 'integer' }, { type: 'string' }],
        ...(text?.pattern ? { pattern: text.pattern } : {}),
        ...(text?.maxLength ? { maxLength: text.maxLength } : {}),
        'x-kubernetes-int-or-string': true,
      };
    }
    throw new Error(`no structural form for a union of ${JSON.stringify(options)}`);
  }
  if (typeof schema.const === 'string') return { type: 'string', enum: [schema.const] };
  if (schema.type === 'object' && schema.patternProperties) {
    const [values] = Object.values(schema.patternProperties as Record<string, TSchema>);
    if (!values || values[Kind] === 'Unknown')
      return { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
    return { type: 'object', additionalProperties: toOpenApi(values) };
  }
  if (schema.type === 'object') {
    const properties = Object.fromEntries(
      Object.entries(schema.properties as Record<string, TSchema>).map(([k, v]) => [k, toOpenApi(v)]),
    );
    const required: string[] = schema.required ?? [];
    return { type: 'object', properties, ...(required.length > 0 ? { required } : {}) };
  }
  if (schema.type === 'array') return { type: 'array', items: toOpenApi(schema.items) };
  if (['string', 'integer', 'number', 'boolean'].includes(schema.type)) return { type: schema.type };
  throw new Error(`no structural form for ${JSON.stringify(schema)}`);
}

/** One TypeBox schema as structural OpenAPI v3: no TypeBox keys, unions made enums or int-or-string. */
export function toOpenApi(schema: TSchema): OpenApi {
  const { type, ...rest } = shape(schema);
  return { ...(type ? { type } : {}), ...annotations(schema), ...rest, ...validations(schema) };
}

const printerColumns = [
  { name: 'Ready', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status' },
  { name: 'Members', type: 'string', jsonPath: '.status.readyMembers' },
  { name: 'Leader', type: 'string', jsonPath: '.status.leader' },
  { name: 'Version', type: 'string', jsonPath: '.status.version' },
  { name: 'Phase', type: 'string', jsonPath: '.status.phase', priority: 1 },
  { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
];

export interface CrdDefinition {
  readonly kind: string;
  readonly plural: string;
  readonly singular: string;
  readonly shortNames: readonly string[];
  readonly description: string;
  /** The whole object's schema: its CEL rules go to the root. */
  readonly object: TSchema;
  readonly spec: TSchema;
  readonly status: TSchema;
  readonly printerColumns: readonly OpenApi[];
}

/** A namespaced CRD of group zookeeper.zkop.dev, one served version with a status subresource. */
export function customResourceDefinition(d: CrdDefinition): OpenApi {
  const root: OpenApi = {
    type: 'object',
    description: d.description,
    properties: {
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      metadata: { type: 'object', properties: { name: { type: 'string' } } },
      spec: toOpenApi(d.spec),
      status: toOpenApi(d.status),
    },
    required: ['spec'],
    ...validations(d.object),
  };
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${d.plural}.${GROUP}` },
    spec: {
      group: GROUP,
      names: {
        kind: d.kind,
        listKind: `${d.kind}List`,
        plural: d.plural,
        singular: d.singular,
        shortNames: [...d.shortNames],
      },
      scope: 'Namespaced',
      versions: [
        {
          name: API_VERSION_NAME,
          served: true,
          storage: true,
          subresources: { status: {} },
          additionalPrinterColumns: d.printerColumns,
          schema: { openAPIV3Schema: root },
        },
      ],
    },
  };
}

export const buildCrd = (): OpenApi =>
  customResourceDefinition({
    kind: KIND,
    plural: PLURAL,
    singular: 'zookeeper',
    shortNames: ['zk'],
    description: 'A ZooKeeper ensemble managed by zkop.',
    object: ZooKeeperSchema,
    spec: ZooKeeperSpecSchema,
    status: ZooKeeperStatusSchema,
    printerColumns,
  });

/** The CRD file's exact content. */
export function renderCrdYaml(): string {
  const header = `# Generated from src/api/spec.ts by \`${CRD_GENERATE_COMMAND}\`. Do not edit.\n`;
  return header + stringify(buildCrd(), { lineWidth: 0 });
}
