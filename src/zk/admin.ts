/** ZooKeeper's AdminServer: `GET /commands/<name>` answers JSON (Jetty, `admin.serverPort`, default 8080). */

export type AdminFailure = 'connect' | 'timeout' | 'http' | 'unreadable';

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
  /** `http` unless the AdminServer is configured for TLS. */
  readonly scheme?: 'http' | 'https';
}

export type AdminCommand = 'monitor' | 'leader' | 'voting_view' | 'configuration' | 'ruok' | 'srvr' | 'stats';

export async function adminCommand(
  host: string,
  port: number,
  command: AdminCommand,
  opts: AdminOptions,
): Promise<Record<string, unknown>> {
  const hostPart = host.includes(':') ? `[${host}]` : host;
  const url = `${opts.scheme ?? 'http'}://${hostPart}:${port}/commands/${command}`;
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(opts.timeoutMs) });
  } catch (err) {
    const timedOut = (err as Error).name === 'TimeoutError';
    const cause = (err as { cause?: { code?: string } }).cause?.code;
    throw new AdminError(
      timedOut ? 'timeout' : 'connect',
      command,
      timedOut
        ? `AdminServer ${url}: no answer within ${opts.timeoutMs} ms`
        : `AdminServer ${url}: cannot connect (${cause ?? (err as Error).message}); is admin.serverPort right and the AdminServer enabled?`,
      undefined,
      err,
    );
  }
  const text = await response.text();
  if (!response.ok) {
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
