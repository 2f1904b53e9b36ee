/**
 * Validation of a ZooKeeper object: the schema (types, ranges, unknown fields) and then the CEL rules
 * attached to it, evaluated on the object with schema defaults applied, as the API server does.
 */
import type { TSchema } from '@sinclair/typebox';
import { type ZooKeeperBackup, ZooKeeperBackupSchema } from './backup.ts';
import { ZooKeeperBackupScheduleSchema } from './backup-schedule.ts';
import { evaluateCel } from './cel.ts';
import { fillSchemaDefaults } from './defaults.ts';
import { type FieldError, fieldPath } from './field-error.ts';
import type { CelRule } from './rules.ts';
import { schemaErrors } from './schema-errors.ts';
import { type ZooKeeper, ZooKeeperSchema } from './spec.ts';
import { type ZooKeeperTenant, ZooKeeperTenantSchema } from './tenant.ts';

export interface RuleSite {
  /** Property names from the object's root to the node the rules see as `self`. */
  readonly path: readonly string[];
  readonly rules: readonly CelRule[];
}

/** Every node of `schema` that carries CEL rules. Rules are only attached along object properties. */
export function ruleSites(schema: TSchema, path: readonly string[] = []): RuleSite[] {
  const here: RuleSite[] = schema['x-kubernetes-validations']
    ? [{ path, rules: schema['x-kubernetes-validations'] }]
    : [];
  const properties: Record<string, TSchema> = schema.properties ?? {};
  return [...here, ...Object.entries(properties).flatMap(([key, sub]) => ruleSites(sub, [...path, key]))];
}

const sites = ruleSites(ZooKeeperSchema);
const tenantSites = ruleSites(ZooKeeperTenantSchema);
const backupSites = ruleSites(ZooKeeperBackupSchema);
const scheduleSites = ruleSites(ZooKeeperBackupScheduleSchema);

const isTransition = (rule: CelRule): boolean => /\boldSelf\b/.test(rule.rule);

function valueAt(value: unknown, path: readonly string[]): unknown {
  let node = value;
  for (const key of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function errorPath(site: RuleSite, rule: CelRule): string {
  const relative = (rule.fieldPath ?? '').split('.').filter((s) => s !== '');
  return fieldPath([...site.path, ...relative]);
}

function messageOf(rule: CelRule, self: unknown, oldSelf: unknown): string {
  if (!rule.localMessageExpression) return rule.message;
  try {
    return String(evaluateCel(rule.localMessageExpression, self, oldSelf));
  } catch {
    return rule.message;
  }
}

/** Evaluates one rule; undefined when it holds. */
export function checkRule(
  site: RuleSite,
  rule: CelRule,
  self: unknown,
  oldSelf?: unknown,
): FieldError | undefined {
  const path = errorPath(site, rule);
  try {
    const result = evaluateCel(rule.rule, self, oldSelf);
    return result === true ? undefined : { path, message: messageOf(rule, self, oldSelf) };
  } catch (error) {
    return { path, message: `could not be checked (${evaluationFailure(error)}): ${rule.message}` };
  }
}

/** Why a rule could not be evaluated, in words: the evaluator's own message quotes the CEL source. */
function evaluationFailure(error: unknown): string {
  const summary = String((error as { summary?: unknown }).summary ?? '');
  return /overflow/i.test(summary) ? 'a number is too large' : 'a value has an unexpected form';
}

function withDefaults(schema: TSchema, object: unknown): unknown {
  return fillSchemaDefaults(schema, structuredClone(object));
}

function validateAgainst(schema: TSchema, ruleSitesOf: readonly RuleSite[], object: unknown): FieldError[] {
  const structural = schemaErrors(schema, object);
  if (structural.length > 0) return structural;
  const defaulted = withDefaults(schema, object);
  const errors: FieldError[] = [];
  for (const site of ruleSitesOf) {
    const self = valueAt(defaulted, site.path);
    if (self === undefined) continue;
    for (const rule of site.rules.filter((r) => !isTransition(r))) {
      const error = checkRule(site, rule, self);
      if (error) errors.push(error);
    }
  }
  return errors;
}

function transitionErrors(
  schema: TSchema,
  ruleSitesOf: readonly RuleSite[],
  previous: unknown,
  next: unknown,
): FieldError[] {
  const before = withDefaults(schema, previous);
  const after = withDefaults(schema, next);
  const errors: FieldError[] = [];
  for (const site of ruleSitesOf) {
    const self = valueAt(after, site.path);
    const oldSelf = valueAt(before, site.path);
    if (self === undefined || oldSelf === undefined) continue;
    for (const rule of site.rules.filter(isTransition)) {
      const error = checkRule(site, rule, self, oldSelf);
      if (error) errors.push(error);
    }
  }
  return errors;
}

/** Schema errors of a ZooKeeper object or, when its shape is right, the CEL rules it breaks. */
export const validateZooKeeper = (object: unknown): FieldError[] =>
  validateAgainst(ZooKeeperSchema, sites, object);

/** The transition rules (`oldSelf`) that updating `previous` to `next` breaks; both must be valid. */
export const validateTransition = (previous: ZooKeeper, next: ZooKeeper): FieldError[] =>
  transitionErrors(ZooKeeperSchema, sites, previous, next);

/** Schema errors of a ZooKeeperTenant object or, when its shape is right, the CEL rules it breaks. */
export const validateTenant = (object: unknown): FieldError[] =>
  validateAgainst(ZooKeeperTenantSchema, tenantSites, object);

/** The transition rules a change of a tenant breaks; both must be valid. */
export const validateTenantTransition = (previous: ZooKeeperTenant, next: ZooKeeperTenant): FieldError[] =>
  transitionErrors(ZooKeeperTenantSchema, tenantSites, previous, next);

/** Schema errors of a ZooKeeperBackup object or, when its shape is right, the CEL rules it breaks. */
export const validateBackup = (object: unknown): FieldError[] =>
  validateAgainst(ZooKeeperBackupSchema, backupSites, object);

/** The transition rules a change of a backup breaks; both must be valid. */
export const validateBackupTransition = (previous: ZooKeeperBackup, next: ZooKeeperBackup): FieldError[] =>
  transitionErrors(ZooKeeperBackupSchema, backupSites, previous, next);

/** Schema errors of a ZooKeeperBackupSchedule object or, when its shape is right, the CEL rules it breaks. */
export const validateBackupSchedule = (object: unknown): FieldError[] =>
  validateAgainst(ZooKeeperBackupScheduleSchema, scheduleSites, object);
