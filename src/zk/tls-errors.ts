/** TLS failures as TlsError with a kind and a message saying what to fix, told apart from plain connect errors. */

export type TlsFailure =
  | 'untrusted'
  | 'hostname'
  | 'expired'
  | 'client-cert-required'
  | 'client-cert-rejected'
  | 'handshake';

export class TlsError extends Error {
  override readonly name = 'TlsError';
  readonly kind: TlsFailure;
  /** The code node:tls or OpenSSL gave (e.g. `UNABLE_TO_VERIFY_LEAF_SIGNATURE`). */
  readonly code: string;

  constructor(kind: TlsFailure, code: string, message: string, cause: unknown) {
    super(message, { cause });
    this.kind = kind;
    this.code = code;
  }
}

const UNTRUSTED = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_SIGNATURE_FAILURE',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
]);
const EXPIRED = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']);
/** Alerts a server sends when it wanted a client certificate and got none (Java: bad_certificate). */
const NO_CLIENT_CERT_ALERTS = new Set([
  'CERTIFICATE_REQUIRED',
  'BAD_CERTIFICATE',
  'CERTIFICATE_UNKNOWN',
  'HANDSHAKE_FAILURE',
]);
/** Alerts a server sends when it does not accept the client certificate it got. */
const CLIENT_CERT_ALERTS = new Set([
  'BAD_CERTIFICATE',
  'CERTIFICATE_UNKNOWN',
  'UNKNOWN_CA',
  'CERTIFICATE_EXPIRED',
  'CERTIFICATE_REVOKED',
  'UNSUPPORTED_CERTIFICATE',
  'DECRYPT_ERROR',
  'ACCESS_DENIED',
]);

/** The TLS alert a node:tls code names: `ERR_SSL_SSL/TLS_ALERT_BAD_CERTIFICATE` -> `BAD_CERTIFICATE`. */
export function alertOf(code: string): string | undefined {
  return /^ERR_SSL_.*ALERT_([A-Z_]+)$/.exec(code)?.[1];
}

/**
 * The TlsError for `err` met while talking TLS to `where` (`host:port`), or undefined when `err` is
 * no TLS failure (refused, reset, unreachable: those stay as they are). `sentClientCert` tells a
 * refusal for want of a certificate from a refusal of the one sent.
 */
export function describeTlsError(err: unknown, where: string, sentClientCert: boolean): TlsError | undefined {
  if (err instanceof TlsError) return err;
  const code = (err as { code?: unknown } | undefined)?.code;
  if (typeof code !== 'string') return undefined;
  const reason = (err as Error).message.trim();
  const make = (kind: TlsFailure, what: string) =>
    new TlsError(kind, code, `TLS to ${where}: ${what} (${code}: ${reason})`, err);
  const alert = alertOf(code);
  if (UNTRUSTED.has(code))
    return make('untrusted', "the server's certificate is not signed by the CA given (tls.ca)");
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID')
    return make(
      'hostname',
      "the server's certificate does not name the host dialled; dial a name it carries or set tls.serverName",
    );
  if (EXPIRED.has(code)) return make('expired', "the server's certificate is expired or not yet valid");
  if (alert !== undefined && !sentClientCert && NO_CLIENT_CERT_ALERTS.has(alert))
    return make(
      'client-cert-required',
      'the server requires a client certificate; give tls.cert and tls.key',
    );
  if (alert !== undefined && sentClientCert && CLIENT_CERT_ALERTS.has(alert))
    return make(
      'client-cert-rejected',
      'the server refused the client certificate; is it signed by a CA in the server trust store?',
    );
  const closedEarly = code === 'ECONNRESET' && /before secure TLS connection/.test(reason);
  if (closedEarly || code.startsWith('ERR_SSL_') || code === 'EPROTO')
    return make('handshake', 'the TLS handshake failed; is this the secure client port?');
  return undefined;
}

export const isTlsError = (err: unknown): err is TlsError => err instanceof TlsError;
