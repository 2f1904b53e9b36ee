/** A problem with one field of a manifest: `path` names the field (e.g. `spec.replicas`). */
export interface FieldError {
  readonly path: string;
  readonly message: string;
}

/** JSON pointer segments to a readable field path: `spec.pod.tolerations[0].key`, `spec.config.extra[ssl.x]`. */
export function fieldPath(segments: readonly (string | number)[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number' || /^[0-9]+$/.test(segment)) out += `[${segment}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${segment}]`;
  }
  return out;
}

export const formatFieldErrors = (errors: readonly FieldError[]): string =>
  errors.map((e) => `${e.path || '(manifest)'}: ${e.message}`).join('\n');
