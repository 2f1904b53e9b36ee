/** An IP address as the bytes a certificate's iPAddress name holds: 4 for IPv4, 16 for IPv6. */
import { isIPv4, isIPv6 } from 'node:net';

const ipv4Bytes = (address: string): number[] => address.split('.').map(Number);

/** The 16-bit groups of one side of `::`; a trailing dotted IPv4 part counts as two groups. */
function groups(part: string): number[] {
  if (part === '') return [];
  return part.split(':').flatMap((group) => {
    if (!group.includes('.')) return [Number.parseInt(group, 16)];
    const [a = 0, b = 0, c = 0, d = 0] = ipv4Bytes(group);
    return [a * 256 + b, c * 256 + d];
  });
}

function ipv6Bytes(address: string): Buffer {
  const [head = '', tail] = address.split('::');
  const start = groups(head);
  const end = tail === undefined ? [] : groups(tail);
  const words = [...start, ...Array<number>(8 - start.length - end.length).fill(0), ...end];
  const bytes = Buffer.alloc(16);
  words.forEach((word, i) => {
    bytes.writeUInt16BE(word, i * 2);
  });
  return bytes;
}

export function ipAddressBytes(address: string): Buffer {
  if (isIPv4(address)) return Buffer.from(ipv4Bytes(address));
  if (isIPv6(address)) return ipv6Bytes(address);
  throw new Error(`'${address}' is not an IP address`);
}
