import { createHash } from 'node:crypto';

/**
 * A digest of what a member reads only at start (zoo.cfg, JVM flags, logging config, JAAS file): when it
 * changes, the member needs a restart. The dynamic config is not part of it: it changes through
 * `reconfig`, without restarts.
 */
export function configHash(parts: {
  zooCfg: string;
  jvmFlags: readonly string[];
  logging: string;
  /** The JAAS file (passwords included: a changed password restarts the members). */
  jaas?: string;
}): string {
  const read = [parts.zooCfg, [...parts.jvmFlags], parts.logging];
  const canonical = JSON.stringify(parts.jaas === undefined ? read : [...read, parts.jaas]);
  return createHash('sha256').update(canonical, 'utf8').digest('hex').slice(0, 16);
}
