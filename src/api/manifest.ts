/** Reading a ZooKeeper manifest from YAML text, as `zkop up -f` does, with every problem named by field. */
import { parseAllDocuments } from 'yaml';
import { applyDefaults, type ResolvedSpec } from './defaults.ts';
import type { FieldError } from './field-error.ts';
import { API_VERSION, KIND, type ZooKeeper } from './spec.ts';
import { TENANT_KIND, type ZooKeeperTenant } from './tenant.ts';
import { tenantConflicts } from './tenant-conflicts.ts';
import { validateTenant, validateZooKeeper } from './validate.ts';
import { findVersion, supportedVersionList } from './versions.ts';

export type ManifestResult =
  | {
      readonly ok: true;
      readonly value: ZooKeeper;
      readonly resolved: ResolvedSpec;
      /** The ZooKeeperTenant documents beside it, checked against it and each other. */
      readonly tenants: readonly ZooKeeperTenant[];
    }
  | { readonly ok: false; readonly errors: readonly FieldError[] };

const failed = (...errors: FieldError[]): ManifestResult => ({ ok: false, errors });
const EXPECTED = `a ZooKeeper manifest (apiVersion: ${API_VERSION}, kind: ${KIND}), and any ${TENANT_KIND} of it`;

/** The largest manifest read; a ZooKeeper manifest takes a few kilobytes, the API server takes 1.5 MiB. */
export const MAX_MANIFEST_BYTES = 1024 * 1024;
/** Aliases (`*name`) a manifest may resolve; more is an alias bomb that expands to gigabytes. */
const MAX_ALIAS_COUNT = 100;

const isMapping = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function identityErrors(object: Record<string, unknown>): FieldError[] {
  const errors: FieldError[] = [];
  for (const [field, expected] of [
    ['apiVersion', API_VERSION],
    ['kind', KIND],
  ] as const) {
    const actual = object[field];
    if (actual === undefined) errors.push({ path: field, message: `is required: ${expected}` });
    else if (actual !== expected) {
      errors.push({ path: field, message: `must be ${expected}, got ${JSON.stringify(actual)}` });
    }
  }
  return errors;
}

/** The version must be one zkop can run on this machine (Kubernetes accepts any patch of a supported minor). */
function localVersionErrors(object: Record<string, unknown>): FieldError[] {
  const spec = object.spec;
  const version = isMapping(spec) ? spec.version : undefined;
  if (typeof version !== 'string' || findVersion(version)) return [];
  return [
    {
      path: 'spec.version',
      message: `ZooKeeper ${version} is not available to run locally; supported versions: ${supportedVersionList()}`,
    },
  ];
}

/** A refused version also says which versions `zkop up` can run. */
const withLocalVersions = (error: FieldError): FieldError =>
  error.path === 'spec.version'
    ? { ...error, message: `${error.message}; locally zkop runs ${supportedVersionList()}` }
    : error;

/**
 * Parses and validates one ZooKeeper manifest. `source` (a file name) is used in YAML error messages.
 * On success, `value` is the manifest as written and `resolved` its spec with every default filled in.
 */
export function loadManifest(text: string, source = 'manifest'): ManifestResult {
  if (Buffer.byteLength(text, 'utf8') > MAX_MANIFEST_BYTES) {
    return failed({
      path: '',
      message: `${source} is larger than 1 MiB, the most zkop reads (a ZooKeeper manifest takes a few kilobytes)`,
    });
  }
  const documents = parseAllDocuments(text);
  const list = Array.isArray(documents) ? documents : [];
  for (const doc of list) {
    const [error] = doc.errors;
    if (error) {
      const at = error.linePos ? ` at line ${error.linePos[0].line}, column ${error.linePos[0].col}` : '';
      const what = error.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '');
      return failed({ path: '', message: `${source} is not valid YAML${at}: ${what}` });
    }
  }
  let values: unknown[];
  try {
    values = list
      .map((doc) => doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }))
      .filter((v) => v !== null && v !== undefined);
  } catch (error) {
    const what = (error as Error).message.split('\n')[0] ?? '';
    const message = /alias count/i.test(what)
      ? `${source} is refused: its YAML aliases (*name) expand to too much data; write the values out instead`
      : `${source} is not valid YAML: ${what}`;
    return failed({ path: '', message });
  }
  if (values.length === 0) return failed({ path: '', message: `${source} is empty: expected ${EXPECTED}` });
  const tenantDocs = values.filter((v) => isMapping(v) && v.kind === TENANT_KIND);
  const others = values.filter((v) => !tenantDocs.includes(v));
  if (others.length !== 1) {
    const found = others.length === 0 ? 'no ZooKeeper' : `${others.length} documents that are not tenants`;
    return failed({ path: '', message: `${source} holds ${found}: expected ${EXPECTED}` });
  }
  const object = others[0];
  if (!isMapping(object))
    return failed({ path: '', message: `${source} is not a mapping: expected ${EXPECTED}` });
  const identity = identityErrors(object);
  if (identity.length > 0) return failed(...identity);
  const errors = validateZooKeeper(object).map(withLocalVersions);
  const versionErrors = errors.some((e) => e.path === 'spec.version') ? [] : localVersionErrors(object);
  const tenantErrors = tenantDocs.flatMap((doc, i) => tenantDocumentErrors(doc, i));
  if (errors.length > 0 || versionErrors.length > 0 || tenantErrors.length > 0)
    return failed(...errors, ...versionErrors, ...tenantErrors);
  const value = object as ZooKeeper;
  const tenants = tenantDocs as ZooKeeperTenant[];
  const conflicts = tenantConflicts(value.metadata.name, tenants);
  if (conflicts.length > 0) return failed(...conflicts);
  return { ok: true, value, resolved: applyDefaults(value.spec), tenants };
}

/** A tenant's errors, each field named after the tenant (its name, or its place among the tenants). */
function tenantDocumentErrors(doc: unknown, index: number): FieldError[] {
  const metadata = isMapping(doc) ? doc.metadata : undefined;
  const name = isMapping(metadata) && typeof metadata.name === 'string' ? metadata.name : `#${index + 1}`;
  return validateTenant(doc).map((e) => ({ ...e, path: `${TENANT_KIND} ${name}: ${e.path}` }));
}
