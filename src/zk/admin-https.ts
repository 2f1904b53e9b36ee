/** One HTTPS GET with zkop's TLS settings (fetch() cannot take a CA or client certificate without a dependency). */

import { request } from 'node:https';
import { describeTlsError, type TlsError } from './tls-errors.ts';
import { hostHeader, type TlsOptions, tlsConnectionOptions } from './tls-options.ts';

export interface HttpsAnswer {
  readonly status: number;
  readonly text: string;
}

export type HttpsFailure =
  | { readonly kind: 'timeout' }
  | { readonly kind: 'tls'; readonly error: TlsError }
  | { readonly kind: 'connect'; readonly error: Error };

export class HttpsGetError extends Error {
  readonly failure: HttpsFailure;
  constructor(failure: HttpsFailure, message: string) {
    super(message, 'error' in failure ? { cause: failure.error } : undefined);
    this.failure = failure;
  }
}

/** GETs `url` (https) verifying the server with `tls`; the timeout covers connect, handshake and answer. */
export function httpsGet(url: URL, tls: TlsOptions, timeoutMs: number): Promise<HttpsAnswer> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(url.port || 443);
  return new Promise((resolve, reject) => {
    const req = request(url, {
      ...tlsConnectionOptions(tls, { host, port }),
      headers: hostHeader(tls, { host, port }),
      method: 'GET',
      agent: false,
    });
    const timer = setTimeout(() => {
      req.destroy();
      reject(new HttpsGetError({ kind: 'timeout' }, `no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') });
      });
    });
    req.on('error', (err: Error) => {
      clearTimeout(timer);
      const tlsError = describeTlsError(err, `${host}:${port}`, tls.cert !== undefined);
      reject(
        tlsError
          ? new HttpsGetError({ kind: 'tls', error: tlsError }, tlsError.message)
          : new HttpsGetError({ kind: 'connect', error: err }, err.message),
      );
    });
    req.end();
  });
}
