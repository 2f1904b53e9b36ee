/**
 * Every default of the ZooKeeper resource. Static defaults are the `default` keywords of the schema
 * (the API server applies the same ones from the CRD); the few that depend on other fields are
 * derived here.
 */
import type { TSchema } from '@sinclair/typebox';
import { type Quantity, type ZooKeeperSpec, ZooKeeperSpecSchema } from './spec.ts';

/** Every field required, recursively; lists and free-form maps are kept as they are. */
type Filled<T> = T extends readonly unknown[] ? T : T extends object ? { [K in keyof T]-?: Filled<T[K]> } : T;

type FilledSpec = Filled<ZooKeeperSpec>;

/** A spec with every field filled in. `storage.dataLog` is null when logs share the data volume. */
export type ResolvedSpec = Omit<FilledSpec, 'storage'> & {
  storage: Omit<FilledSpec['storage'], 'dataLog'> & { dataLog: { size: Quantity } | null };
};

/** ZooKeeper's own rule: sessions may last between 2 and 20 ticks unless configured. */
export const MIN_SESSION_TICKS = 2;
export const MAX_SESSION_TICKS = 20;

export const defaultImage = (version: string): string => `zookeeper:${version}`;

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Structural defaulting as the Kubernetes API server does it: an absent field with a `default` gets a
 * copy of it, then defaulting continues inside. A present object is never merged with its default.
 */
export function fillSchemaDefaults(schema: TSchema, value: unknown): unknown {
  if (Array.isArray(value) && schema.items)
    return value.map((item) => fillSchemaDefaults(schema.items, item));
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = { ...value };
  const properties: Record<string, TSchema> = schema.properties ?? {};
  for (const [key, sub] of Object.entries(properties)) {
    if (out[key] === undefined && sub.default !== undefined) out[key] = structuredClone(sub.default);
    if (out[key] !== undefined) out[key] = fillSchemaDefaults(sub, out[key]);
  }
  const valueSchema: TSchema | undefined = schema.patternProperties
    ? Object.values(schema.patternProperties as Record<string, TSchema>)[0]
    : undefined;
  if (valueSchema) {
    for (const key of Object.keys(out)) out[key] = fillSchemaDefaults(valueSchema, out[key]);
  }
  return out;
}

/** Fills in every default. Does not validate and does not modify its argument. */
export function applyDefaults(spec: ZooKeeperSpec): ResolvedSpec {
  const filled = fillSchemaDefaults(ZooKeeperSpecSchema, structuredClone(spec)) as FilledSpec;
  const { tickTime } = filled.config;
  return {
    ...filled,
    image: filled.image ?? defaultImage(filled.version),
    config: {
      ...filled.config,
      minSessionTimeout: filled.config.minSessionTimeout ?? MIN_SESSION_TICKS * tickTime,
      maxSessionTimeout: filled.config.maxSessionTimeout ?? MAX_SESSION_TICKS * tickTime,
    },
    storage: { ...filled.storage, dataLog: filled.storage.dataLog ? { ...filled.storage.dataLog } : null },
  };
}
