/**
 * What `zkop ui` makes of the API server's pod proxy answers. Pure. The proxy answers a refusal
 * (403: the user may not get pods/proxy; 503: the pod's port does not answer) as a Kubernetes
 * Status, whose message says why; a member's AdminServer answers `srvr` with its state and the last
 * zxid it processed.
 */
import type { MemberAnswer } from './ensemble-view.ts';

/** Why the API server gave no answer from the pod, in its own words where it gave some. */
export function proxyRefusal(status: number, text: string): string {
  let message: string | undefined;
  try {
    const parsed = JSON.parse(text) as { kind?: string; message?: unknown };
    if (parsed.kind === 'Status' && typeof parsed.message === 'string') message = parsed.message;
  } catch {
    message = text.trim().split('\n')[0]?.slice(0, 200) || undefined;
  }
  const who = status === 403 ? 'refused by the API server' : 'the API server answered';
  return `${who} (HTTP ${status})${message ? `: ${message}` : ''}`;
}

/** A member's role and zxid from its AdminServer's `srvr` answer (JSON), read without losing digits. */
export function srvrAnswer(text: string): MemberAnswer {
  let json: { error?: unknown; server_stats?: { server_state?: unknown } };
  try {
    json = JSON.parse(text);
  } catch {
    return { problem: 'the AdminServer answer is not JSON' };
  }
  if (typeof json.error === 'string') return { problem: `AdminServer: ${json.error}` };
  const state = json.server_stats?.server_state;
  const digits = /"last_processed_zxid"\s*:\s*(\d+)/.exec(text)?.[1];
  return {
    ...(typeof state === 'string' ? { role: state } : {}),
    ...(digits !== undefined ? { zxid: `0x${BigInt(digits).toString(16)}` } : {}),
  };
}
