/** ACL values for create/setACL, and the digest identity ZooKeeper's `digest` scheme compares against. */

import { createHash } from 'node:crypto';
import { Perms } from './jute/protocol-constants.ts';
import type { Acl } from './jute/records.ts';

export const OPEN_ACL_UNSAFE: readonly Acl[] = [{ perms: Perms.all, id: { scheme: 'world', id: 'anyone' } }];
export const READ_ACL_UNSAFE: readonly Acl[] = [{ perms: Perms.read, id: { scheme: 'world', id: 'anyone' } }];
/** Everything for the identities the session authenticated with (addAuth). */
export const CREATOR_ALL_ACL: readonly Acl[] = [{ perms: Perms.all, id: { scheme: 'auth', id: '' } }];

/** `user:base64(sha1(user:password))`, the id of a `digest` ACL and of `superDigest`. */
export function digestId(user: string, password: string): string {
  const hash = createHash('sha1').update(`${user}:${password}`, 'utf8').digest('base64');
  return `${user}:${hash}`;
}

export function digestAcl(user: string, password: string, perms: number = Perms.all): Acl {
  return { perms, id: { scheme: 'digest', id: digestId(user, password) } };
}
