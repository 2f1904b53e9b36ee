/** ZooKeeper transaction ids: 64 bits, the high 32 are the leader epoch, the low 32 a counter within it. */

export function parseZxid(text: string): bigint | undefined {
  const hex = text.trim().replace(/^0x/i, '');
  if (!/^[0-9a-f]{1,16}$/i.test(hex)) return undefined;
  return BigInt(`0x${hex}`);
}

export function epochOf(zxid: bigint): number {
  return Number(zxid >> 32n);
}

export function counterOf(zxid: bigint): number {
  return Number(zxid & 0xffffffffn);
}

export function formatZxid(zxid: bigint): string {
  return `0x${zxid.toString(16)}`;
}
