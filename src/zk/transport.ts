/**
 * How the client reaches a server: a function that opens a byte stream to host:port.
 * Plain TCP here; the TLS transport (tls-transport.ts) has the same shape and is chosen by
 * ZkClientOptions.tls.
 */

import { connect, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';

export interface ServerAddress {
  readonly host: string;
  readonly port: number;
}

export type Transport = (address: ServerAddress, timeoutMs: number) => Promise<Duplex>;

export const tcpTransport: Transport = (address, timeoutMs) =>
  new Promise((resolve, reject) => {
    const socket: Socket = connect({ host: address.host, port: address.port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`connect to ${address.host}:${address.port} timed out after ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      socket.setNoDelay(true);
      resolve(socket);
    });
    socket.once('error', (err) => {
      clearTimeout(timer);
      socket.destroy();
      reject(err);
    });
  });

/** `host:port,host:port` (the ZooKeeper connect string; no chroot) into addresses. */
export function parseConnectString(text: string): ServerAddress[] {
  const out: ServerAddress[] = [];
  for (const part of text.split(',')) {
    const t = part.trim();
    if (t === '') continue;
    const m = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(t);
    const port = Number(m?.[3]);
    if (!m || port < 1 || port > 65535) {
      throw new Error(`'${t}' in the connect string is not host:port (e.g. 127.0.0.1:2181)`);
    }
    out.push({ host: m[1] ?? m[2] ?? '', port });
  }
  if (out.length === 0) throw new Error('the connect string lists no server; give host:port[,host:port...]');
  return out;
}
