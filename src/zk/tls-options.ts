/** TLS settings for reaching ZooKeeper's secure client port (and an HTTPS AdminServer), and their node:tls form. */

import { isIP } from 'node:net';
import { type ConnectionOptions, checkServerIdentity, type PeerCertificate } from 'node:tls';

export interface TlsOptions {
  /** PEM certificate(s) of the CA(s) that sign the servers' certificates; replaces the system's CAs. */
  readonly ca: string | Buffer;
  /** PEM client certificate (with its chain), for servers that want one (`ssl.clientAuth=need`). */
  readonly cert?: string | Buffer;
  /** PEM private key of `cert`. */
  readonly key?: string | Buffer;
  /**
   * The name the server's certificate must carry (a SAN DNS name or IP). Default: the host dialled.
   * Use it when dialling an address the certificate does not name, e.g. a pod IP for a service name.
   */
  readonly serverName?: string;
}

export interface Dialled {
  readonly host: string;
  readonly port: number;
}

/** Checks `cert` against `name` (hostname or IP, as node's own check does). */
const checkName = (name: string, cert: PeerCertificate): Error | undefined => checkServerIdentity(name, cert);

/** The node:tls options to dial `address` with `tls`: always verified, SNI only for names, never for IPs. */
export function tlsConnectionOptions(tls: TlsOptions, address: Dialled): ConnectionOptions {
  if ((tls.cert === undefined) !== (tls.key === undefined)) {
    throw new Error('TLS client certificate and key go together: give both cert and key, or neither');
  }
  const expected = tls.serverName ?? address.host;
  return {
    host: address.host,
    port: address.port,
    ca: tls.ca,
    ...(tls.cert === undefined ? {} : { cert: tls.cert, key: tls.key }),
    rejectUnauthorized: true,
    ...(isIP(expected) === 0 ? { servername: expected } : {}),
    checkServerIdentity: (_host, cert) => checkName(expected, cert),
  };
}

/**
 * The Host header of an HTTPS request dialled at an address its certificate does not name (`serverName`
 * set): Jetty, the AdminServer's server, answers 400 to a Host that is not a name of the certificate it
 * served.
 */
export const hostHeader = (tls: TlsOptions, address: Dialled): Record<string, string> =>
  tls.serverName === undefined ? {} : { Host: `${tls.serverName}:${address.port}` };
