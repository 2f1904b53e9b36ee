/** The TLS Transport (node:tls): the handshake is part of connecting, and TLS failures are TlsErrors. */

import { connect, type TLSSocket } from 'node:tls';
import { describeTlsError } from './tls-errors.ts';
import { type TlsOptions, tlsConnectionOptions } from './tls-options.ts';
import { opened, type Transport } from './transport.ts';

/**
 * Opens a TLS socket that resolves once the handshake is done and the server verified. A failure the
 * server reports after the handshake (TLS 1.3 checks the client certificate then) reaches the socket's
 * error listeners as a TlsError too, so the session's "last error" says what went wrong.
 */
export function tlsTransport(tls: TlsOptions): Transport {
  const sentClientCert = tls.cert !== undefined;
  return async (address, timeoutMs) => {
    const where = `${address.host}:${address.port}`;
    const socket: TLSSocket = await opened(connect(tlsConnectionOptions(tls, address)), 'secureConnect', {
      timeoutMs,
      timeoutMessage: `connect to ${where} (TLS handshake included) timed out after ${timeoutMs} ms`,
      failure: (err) => describeTlsError(err, where, sentClientCert) ?? err,
    });
    const emit = socket.emit.bind(socket);
    socket.emit = (event: string | symbol, ...args: unknown[]): boolean =>
      event === 'error'
        ? emit('error', describeTlsError(args[0], where, sentClientCert) ?? args[0])
        : emit(event, ...args);
    return socket;
  };
}
