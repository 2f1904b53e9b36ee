import { createHash } from 'node:crypto';

export const SUPER_USER = 'super';

/** ZooKeeper's digest of the super user: base64(sha1("super:<password>")). */
export function superDigest(password: string): string {
  return createHash('sha1').update(`${SUPER_USER}:${password}`, 'utf8').digest('base64');
}
