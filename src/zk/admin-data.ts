/**
 * The AdminServer's data commands (ZooKeeper 3.9+): `GET /commands/snapshot?streaming=true` streams a
 * consistent snapshot with its last zxid and size in the headers; `POST /commands/restore` replaces the
 * server's in-memory database with a snapshot. Both need ALL on `/` through an `Authorization: <scheme>
 * <credentials>` header (zkop uses the super user's digest credentials) and are rate limited
 * (`admin.rateLimiterIntervalInMS`).
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AdminError, type AdminOptions } from './admin.ts';
import { hostHeader, tlsConnectionOptions } from './tls-options.ts';
import { parseZxid } from './zxid.ts';

/** `digest user:password`: the AdminServer hashes the password itself, as `addauth digest` does. */
export interface AdminAuth {
  readonly scheme: 'digest';
  readonly user: string;
  readonly password: string;
}

export interface StreamedSnapshot {
  readonly lastZxid: bigint;
  readonly size: number;
  /** The snapshot file's bytes; read it to the end (or destroy it). */
  readonly body: Readable;
}

const WHY: Readonly<Record<number, string>> = {
  401: 'not authenticated: the Authorization header was refused',
  403: 'not authorized: the user lacks ALL on /',
  429: 'rate limited: the AdminServer allows one per admin.rateLimiterIntervalInMS; try again later',
  500: 'the server failed it (see its log; serializeLastProcessedZxid.enabled must be true)',
  503: 'disabled on this server (admin.snapshot.enabled / admin.restore.enabled)',
};

function send(
  host: string,
  port: number,
  command: string,
  method: 'GET' | 'POST',
  auth: AdminAuth,
  opts: AdminOptions,
  body?: Readable,
): Promise<IncomingMessage> {
  const hostPart = host.includes(':') ? `[${host}]` : host;
  const secure = opts.tls !== undefined || opts.scheme === 'https';
  const url = `${secure ? 'https' : 'http'}://${hostPart}:${port}/commands/${command}`;
  const headers: Record<string, string> = { Authorization: `${auth.scheme} ${auth.user}:${auth.password}` };
  if (body) headers['Content-Type'] = 'application/octet-stream';
  return new Promise((resolve, reject) => {
    const options = { method, headers, agent: false as const, timeout: opts.timeoutMs };
    const req = opts.tls
      ? httpsRequest(url, {
          ...options,
          ...tlsConnectionOptions(opts.tls, { host, port }),
          headers: { ...headers, ...hostHeader(opts.tls, { host, port }) },
        })
      : secure
        ? httpsRequest(url, options)
        : httpRequest(url, options);
    req.on('timeout', () =>
      req.destroy(
        new AdminError('timeout', command, `AdminServer ${url}: no answer within ${opts.timeoutMs} ms`),
      ),
    );
    req.on('error', (error) =>
      reject(
        error instanceof AdminError
          ? error
          : new AdminError(
              'connect',
              command,
              `AdminServer ${url}: ${(error as NodeJS.ErrnoException).code ?? error.message}`,
              undefined,
              error,
            ),
      ),
    );
    req.on('response', (response) => {
      const status = response.statusCode ?? 0;
      if (status >= 200 && status <= 299) {
        resolve(response);
        return;
      }
      response.resume();
      const why = WHY[status] ?? `HTTP ${status}`;
      reject(new AdminError('http', command, `AdminServer ${url}: ${command} ${why}`, status));
    });
    if (body) {
      pipeline(body, req).catch((error) => req.destroy(error as Error));
    } else req.end();
  });
}

/** Starts a snapshot stream; the caller reads `body` to the end. */
export async function streamSnapshot(
  host: string,
  port: number,
  auth: AdminAuth,
  opts: AdminOptions,
): Promise<StreamedSnapshot> {
  const response = await send(host, port, 'snapshot?streaming=true', 'GET', auth, opts);
  const lastZxid = parseZxid(String(response.headers.last_zxid ?? ''));
  const size = Number(response.headers.snapshot_size);
  if (lastZxid === undefined || !Number.isSafeInteger(size) || size <= 0) {
    response.destroy();
    throw new AdminError(
      'unreadable',
      'snapshot',
      `AdminServer ${host}:${port}: the snapshot answer lacks last_zxid or snapshot_size headers`,
      response.statusCode,
    );
  }
  // The answer has no timeout of its own once it streams; the request's socket timeout still applies.
  return { lastZxid, size, body: response };
}

/** Sends `snapshot` to the server's restore command; resolves with the zxid the server now holds. */
export async function restoreSnapshot(
  host: string,
  port: number,
  auth: AdminAuth,
  snapshot: Readable,
  opts: AdminOptions,
): Promise<bigint> {
  const response = await send(host, port, 'restore', 'POST', auth, opts, snapshot);
  const chunks: Buffer[] = [];
  for await (const chunk of response) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  // A Java long can pass 2^53: read the digits, not a JSON number.
  const digits = /"last_zxid"\s*:\s*(\d+)/.exec(text)?.[1];
  if (digits === undefined) {
    throw new AdminError(
      'unreadable',
      'restore',
      `AdminServer ${host}:${port}: restore answered ${text.slice(0, 120)}`,
    );
  }
  return BigInt(digits);
}

/** Has the server write a snapshot of its database to its own data directory; resolves with its last zxid. */
export async function saveSnapshot(
  host: string,
  port: number,
  auth: AdminAuth,
  opts: AdminOptions,
): Promise<bigint> {
  const response = await send(host, port, 'snapshot?streaming=false', 'GET', auth, opts);
  response.resume();
  const lastZxid = parseZxid(String(response.headers.last_zxid ?? ''));
  if (lastZxid === undefined) {
    throw new AdminError(
      'unreadable',
      'snapshot',
      `AdminServer ${host}:${port}: the snapshot answer lacks last_zxid`,
    );
  }
  return lastZxid;
}
