/**
 * Fields of plain API JSON as paths, the way server-side apply tracks ownership: objects are walked
 * into, anything else (scalars, arrays) is a leaf. Pure.
 */

export type FieldPath = readonly string[];

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function leafPaths(value: unknown, prefix: FieldPath = []): FieldPath[] {
  if (!isObject(value) || (Object.keys(value).length === 0 && prefix.length > 0)) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => leafPaths(v, [...prefix, k]));
}

export function getPath(value: unknown, path: FieldPath): unknown {
  let here: unknown = value;
  for (const key of path) {
    if (!isObject(here)) return undefined;
    here = here[key];
  }
  return here;
}

/** Removes the field at `path` and any object left empty by that. */
export function deletePath(value: Record<string, unknown>, path: FieldPath): void {
  const [head, ...rest] = path;
  if (head === undefined) return;
  if (rest.length === 0) {
    delete value[head];
    return;
  }
  const child = value[head];
  if (!isObject(child)) return;
  deletePath(child, rest);
  if (Object.keys(child).length === 0) delete value[head];
}

/** Lays `patch` over `target`: objects merge key by key, anything else replaces. */
export function mergeInto(target: Record<string, unknown>, patch: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(patch)) {
    const existing = target[key];
    if (isObject(value) && isObject(existing)) mergeInto(existing, value);
    else target[key] = structuredClone(value);
  }
}

/** RFC 7386 JSON merge patch: null deletes a key. */
export function mergePatchInto(target: Record<string, unknown>, patch: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete target[key];
    else if (isObject(value)) {
      const existing = target[key];
      const child = isObject(existing) ? existing : {};
      mergePatchInto(child, value);
      target[key] = child;
    } else target[key] = structuredClone(value);
  }
}

export const pathKey = (path: FieldPath): string => JSON.stringify(path);

/** True when one path is the other or lies inside it. */
export function overlaps(a: FieldPath, b: FieldPath): boolean {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}

export { isObject };
