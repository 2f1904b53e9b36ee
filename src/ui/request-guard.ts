/**
 * Which requests `zkop ui` answers. Pure. It listens on 127.0.0.1 only and also refuses a request
 * whose Host is not its own address (a web page elsewhere could otherwise point a DNS name at
 * 127.0.0.1 and read the status, which names files and pids). Only GET and HEAD: it changes nothing.
 */

export type Refusal = { readonly status: 405 | 421; readonly reason: string } | undefined;

export function refusal(method: string | undefined, host: string | undefined, port: number): Refusal {
  if (method !== 'GET' && method !== 'HEAD') return { status: 405, reason: 'zkop ui is read-only' };
  const allowed = [`127.0.0.1:${port}`, `localhost:${port}`];
  if (host === undefined || !allowed.includes(host.toLowerCase()))
    return { status: 421, reason: `zkop ui answers only to ${allowed.join(' or ')}` };
  return undefined;
}
