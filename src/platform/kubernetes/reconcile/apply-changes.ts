/**
 * Server-side apply of rendered objects, skipping those whose live state already matches: every field
 * zkop renders has the same value live, and the live object carries the hash of the same rendering
 * (which catches fields zkop stopped rendering). An ensemble with nothing to change costs no write.
 */
import { createHash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { KubernetesObject } from '@kubernetes/client-node';
import { parseQuantity } from '../../../api/quantity.ts';
import { isObject } from '../client/field-paths.ts';
import { isNotFound, type KubeApi, type ObjectRef } from '../client/kube-api.ts';
import { type ResourceType, resourceOf } from '../client/resources.ts';
import { isRefusal, ReconcileProblem } from './problem.ts';

export const APPLIED_HASH_ANNOTATION = 'zookeeper.zkop.dev/applied-hash';
/** The reason of the problem an object whose kind the API server does not serve is. */
export const KIND_NOT_SERVED = 'KindNotServed';

export type LiveReader = (type: ResourceType, ref: ObjectRef) => Promise<KubernetesObject | undefined>;

export function renderedHash(object: KubernetesObject): string {
  return createHash('sha256').update(JSON.stringify(object)).digest('hex').slice(0, 16);
}

/** The object as zkop applies it: with the hash of its rendering. */
export function withAppliedHash(object: KubernetesObject): KubernetesObject {
  const meta = object.metadata ?? {};
  return {
    ...object,
    metadata: {
      ...meta,
      annotations: { ...meta.annotations, [APPLIED_HASH_ANNOTATION]: renderedHash(object) },
    },
  };
}

/** Maps of resource quantities: the API server stores them in canonical form (`0.5` as `500m`). */
const QUANTITY_MAPS = new Set(['requests', 'limits', 'capacity']);

const sameQuantity = (live: unknown, wanted: unknown): boolean => {
  const a = typeof live === 'string' || typeof live === 'number' ? parseQuantity(live) : undefined;
  const b = typeof wanted === 'string' || typeof wanted === 'number' ? parseQuantity(wanted) : undefined;
  return a !== undefined && b !== undefined && a.numerator * b.denominator === b.numerator * a.denominator;
};

/**
 * True when every field of `wanted` is in `live` with the same value. Objects may carry more fields
 * live (defaults, other managers); arrays must match item by item, and an empty one matches none. Numbers and their string forms
 * count as equal (the API server may echo either), and so do equal resource quantities.
 */
export function contains(live: unknown, wanted: unknown, inQuantities = false): boolean {
  if (isObject(wanted)) {
    if (!isObject(live)) return false;
    return Object.entries(wanted).every(([k, v]) =>
      contains(live[k], v, inQuantities || QUANTITY_MAPS.has(k)),
    );
  }
  if (Array.isArray(wanted)) {
    // An empty list is stored as no list at all (an EndpointSlice with no endpoints yet).
    if (wanted.length === 0 && (live === undefined || live === null)) return true;
    return (
      Array.isArray(live) && live.length === wanted.length && wanted.every((v, i) => contains(live[i], v))
    );
  }
  if (inQuantities && sameQuantity(live, wanted)) return true;
  if (typeof wanted === 'number' || typeof live === 'number') return String(wanted) === String(live);
  return isDeepStrictEqual(live, wanted);
}

export function isUpToDate(live: KubernetesObject | undefined, applied: KubernetesObject): boolean {
  if (!live || live.metadata?.deletionTimestamp) return false;
  return contains(live, applied);
}

/**
 * Applies the objects that are not up to date, in order; returns those it applied. An object the API
 * server refuses (invalid, forbidden, of a kind it does not serve) is a problem for the user to fix.
 */
export async function applyChanged(
  api: KubeApi,
  read: LiveReader,
  rendered: readonly KubernetesObject[],
): Promise<KubernetesObject[]> {
  const applied: KubernetesObject[] = [];
  for (const object of rendered) {
    const type = resourceOf(object);
    const wanted = withAppliedHash(object);
    const ref = { namespace: object.metadata?.namespace, name: object.metadata?.name ?? '' };
    if (isUpToDate(await read(type, ref), wanted)) continue;
    try {
      applied.push(await api.apply(type, wanted));
    } catch (err) {
      if (isNotFound(err)) {
        throw new ReconcileProblem(
          KIND_NOT_SERVED,
          `cannot apply ${type.kind} ${ref.name}: the API server does not serve ${type.apiVersion} ${type.plural}; ` +
            'install its CustomResourceDefinition (e.g. the Prometheus Operator for monitoring objects) or turn the feature off in the spec',
        );
      }
      if (isRefusal(err)) {
        throw new ReconcileProblem(
          'ObjectRefused',
          `the API server refused the ${type.kind} ${ref.name} zkop renders from this spec: ${err.message}`,
        );
      }
      throw err;
    }
  }
  return applied;
}
