/**
 * `zkop ui`'s HTTP server on 127.0.0.1: the page, its script and style, and two JSON endpoints the
 * page polls: /api/ensembles (the source's ensembles: what `zkop status -o json` prints, or the
 * namespace's ZooKeeper objects) and /api/metrics (each member's request counters, or why its metrics
 * endpoint does not answer). Reads only; which source it reads is the caller's choice.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { failed } from '../platform/shared/errors.ts';
import { pageHtml } from './page/html.ts';
import { PAGE_SCRIPT } from './page/script.ts';
import { PAGE_STYLE } from './page/style.ts';
import { refusal } from './request-guard.ts';
import { sharedCall } from './shared-call.ts';
import type { UiSource } from './source.ts';

export const UI_HOST = '127.0.0.1';

export interface UiServer {
  readonly url: string;
  close(): Promise<void>;
}

const staticFiles = (title: string): Record<string, { type: string; body: string }> => ({
  '/': { type: 'text/html; charset=utf-8', body: pageHtml(title) },
  '/app.js': { type: 'text/javascript; charset=utf-8', body: PAGE_SCRIPT },
  '/app.css': { type: 'text/css; charset=utf-8', body: PAGE_STYLE },
});

const HEADERS = {
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
};

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { ...HEADERS, 'content-type': type });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

const sendJson = (res: ServerResponse, status: number, value: unknown) =>
  send(res, status, 'application/json', JSON.stringify(value));

/** Serves `zkop ui` for the ensembles `source` reads; port 0 picks a free one. */
export async function startUiServer<E>(source: UiSource<E>, port: number): Promise<UiServer> {
  const files = staticFiles(source.title);
  let lastKnown: readonly E[] | undefined;
  const ensembles = sharedCall(async () => {
    lastKnown = await source.ensembles();
    return lastKnown;
  });
  const metrics = sharedCall(async () => source.metrics(lastKnown ?? (await ensembles())));
  const api: Record<string, () => Promise<unknown>> = {
    '/api/ensembles': ensembles,
    '/api/metrics': metrics,
  };

  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const bound = (server.address() as AddressInfo).port;
    const refused = refusal(req.method, req.headers.host, bound);
    if (refused) return send(res, refused.status, 'text/plain', `${refused.reason}\n`);
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const file = files[path];
    if (file) return send(res, 200, file.type, file.body);
    const endpoint = api[path];
    if (!endpoint) return send(res, 404, 'text/plain', 'not found\n');
    try {
      sendJson(res, 200, await endpoint());
    } catch (error) {
      sendJson(res, 500, { error: (error as Error).message });
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE')
        reject(failed(`port ${port} on ${UI_HOST} is in use; choose another with --port`));
      else if (error.code === 'EACCES')
        reject(failed(`port ${port} on ${UI_HOST} is not allowed for this user; choose another with --port`));
      else reject(error);
    });
    server.listen({ host: UI_HOST, port, exclusive: true }, resolve);
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://${UI_HOST}:${bound}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
