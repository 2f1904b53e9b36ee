/**
 * ZooKeeper's AdminServer: `GET /commands/<name>` answers JSON (Jetty, `admin.serverPort`, default 8080);
 * HTTPS when the server has `admin.forceHttps=true` (its certificate comes from `ssl.quorum.keyStore.*`).
 */

import { HttpsGetError, httpsGet } from './admin-https.ts';
import type { TlsOptions } from './tls-options.ts';

export type AdminFailure = 'connect' | 'timeout' | 'http' | 'unreadable' | 'tls';

export class AdminError extends Error {
  override readonly name = 'AdminError';
  readonly kind: AdminFailure;
  readonly command: string;
  readonly status: number | undefined;

  constructor(kind: AdminFailure, command: string, message: string, status?: number, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.kind = kind;
    this.command = command;
    this.status = status;
  }
}

export interface AdminOptions {
  readonly timeoutMs: number;
  /** `http` unless the AdminServer is configured for TLS; `tls` implies `https`. */
  readonly scheme?: 'http' | 'https';
  /** HTTPS with this CA (and client certificate) instead of the system's CAs. */
  readonly tls?: TlsOptions;
}

const silent = (url: string, ms: number) => `AdminServer ${url}: no answer within ${ms} ms`;
const unreachable = (url: string, detail: string) =>
  `AdminServer ${url}: cannot connect (${detail}); is admin.serverPort right and the AdminServer enabled?`;

async function getText(
  url: string,
  opts: AdminOptions,
  command: string,
): Promise<{ status: number; text: string }> {
  if (opts.tls) {
    try {
      return await httpsGet(new URL(url), opts.tls, opts.timeoutMs);
    } catch (err) {
      const f =
        err instanceof HttpsGetError ? err.failure : { kind: 'connect' as const, error: err as Error };
      const message =
        f.kind === 'timeout'
          ? silent(url, opts.timeoutMs)
          : f.kind === 'tls'
            ? `AdminServer ${url}: ${f.error.message}`
            : unreachable(url, (f.error as NodeJS.ErrnoException).code ?? f.error.message);
      throw new AdminError(f.kind, command, message, undefined, err);
    }
  }
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(opts.timeoutMs) });
  } catch (err) {
    const timedOut = (err as Error).name === 'TimeoutError';
    const cause = (err as { cause?: { code?: string } }).cause?.code;
    const message = timedOut
      ? silent(url, opts.timeoutMs)
      : unreachable(url, cause ?? (err as Error).message);
    throw new AdminError(timedOut ? 'timeout' : 'connect', command, message, undefined, err);
  }
  return { status: response.status, text: await response.text() };
}

export type AdminCommand = 'monitor' | 'leader' | 'voting_view' | 'configuration' | 'ruok' | 'srvr' | 'stats';

export async function adminCommand(
  host: string,
  port: number,
  command: AdminCommand,
  opts: AdminOptions,
): Promise<Record<string, unknown>> {
  const hostPart = host.includes(':') ? `[${host}]` : host;
  const scheme = opts.tls ? 'https' : (opts.scheme ?? 'http');
  const url = `${scheme}://${hostPart}:${port}/commands/${command}`;
  const response = await getText(url, opts, command);
  const text = response.text;
  if (response.status < 200 || response.status > 299) {
    const title = /<title>([^<]*)<\/title>/i.exec(text)?.[1] ?? text.slice(0, 120);
    throw new AdminError(
      'http',
      command,
      `AdminServer ${url}: HTTP ${response.status} (${title.trim()})`,
      response.status,
    );
  }
  try {
    const json: unknown = JSON.parse(text);
    if (json === null || typeof json !== 'object' || Array.isArray(json))
      throw new Error('not a JSON object');
    return json as Record<string, unknown>;
  } catch (err) {
    throw new AdminError(
      'unreadable',
      command,
      `AdminServer ${url}: answer is not JSON: ${text.slice(0, 80)}`,
      200,
      err,
    );
  }
}
