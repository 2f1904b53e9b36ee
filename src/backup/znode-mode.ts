/**
 * What kind of znode a Stat describes, read from its ephemeralOwner as ZooKeeper encodes it: 0 for a
 * persistent znode, the lowest long for a container, 0xff in the top byte (and no feature bits) for a
 * TTL znode whose low 40 bits are the TTL, any other value the session owning an ephemeral.
 */
import type { LogicalMode } from './logical-format.ts';

const CONTAINER_OWNER = 0x8000000000000000n;
const EXTENDED_MASK = 0xff00000000000000n;
const FEATURE_BITS = 0x00ffff0000000000n;
const TTL_BITS = 0x000000ffffffffffn;

export type ZnodeMode =
  | { readonly mode: 'ephemeral' }
  | { readonly mode: LogicalMode; readonly ttlMs?: number };

export function znodeMode(ephemeralOwner: bigint): ZnodeMode {
  const owner = BigInt.asUintN(64, ephemeralOwner);
  if (owner === 0n) return { mode: 'persistent' };
  if (owner === CONTAINER_OWNER) return { mode: 'container' };
  if ((owner & EXTENDED_MASK) === EXTENDED_MASK && (owner & FEATURE_BITS) === 0n) {
    return { mode: 'ttl', ttlMs: Number(owner & TTL_BITS) };
  }
  return { mode: 'ephemeral' };
}
