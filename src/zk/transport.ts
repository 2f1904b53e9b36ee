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
  opened(connect({ host: address.host, port: address.port }), 'connect', {
    timeoutMs,
    timeoutMessage: `connect to ${address.host}:${address.port} timed out after ${timeoutMs} ms`,
  });

export interface Opening {
  readonly timeoutMs: number;
  readonly timeoutMessage: string;
  /** What a failure before `ready` is rejected with. */
  readonly failure?: (error: Error) => Error;
}

/**
 * `socket` once it emits `ready` (`connect`, or `secureConnect` for TLS) within the timeout, with
 * Nagle off; destroyed and rejected on an error or the timeout before that.
 */
export function opened<S extends Socket>(
  socket: S,
  ready: 'connect' | 'secureConnect',
  opening: Opening,
): Promise<S> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(opening.timeoutMessage));
    }, opening.timeoutMs);
    const onError = (error: Error): void => {
      clearTimeout(timer);
      socket.destroy();
      reject(opening.failure ? opening.failure(error) : error);
    };
    socket.once('error', onError);
    socket.once(ready, () => {
      clearTimeout(timer);
      socket.off('error', onError);
      socket.setNoDelay(true);
      resolve(socket);
    });
  });
}

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
