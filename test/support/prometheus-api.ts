/**
 * Prometheus's HTTP API as tests read it: instant queries (`/api/v1/query`), the active alerts
 * (`/api/v1/alerts`), the scrape targets (`/api/v1/targets`), the rule groups (`/api/v1/rules`), and
 * polling any of them until a condition holds.
 */
import { setTimeout as sleep } from 'node:timers/promises';

export interface Sample {
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

export interface ActiveAlert {
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly state: 'pending' | 'firing';
  /** When it became pending. */
  readonly activeAt: string;
}

export interface Target {
  readonly labels: Readonly<Record<string, string>>;
  readonly scrapeUrl: string;
  readonly health: 'up' | 'down' | 'unknown';
  readonly lastError: string;
}

export interface RuleGroup {
  readonly name: string;
  /** The rule file it was loaded from. */
  readonly file: string;
  readonly rules: readonly { name: string; type: string; health: string; lastError?: string }[];
}

async function apiGet<T>(url: string): Promise<T> {
  const response = await fetch(url);
  const body = (await response.json()) as { status: string; data: T; error?: string };
  if (body.status !== 'success') throw new Error(`${url}: ${body.error ?? response.status}`);
  return body.data;
}

/** The instant vector `expr` evaluates to now. */
export async function query(server: string, expr: string): Promise<Sample[]> {
  const data = await apiGet<{
    resultType: string;
    result: { metric: Record<string, string>; value: [number, string] }[];
  }>(`${server}/api/v1/query?query=${encodeURIComponent(expr)}`);
  if (data.resultType !== 'vector') throw new Error(`${expr} is a ${data.resultType}, not a vector`);
  return data.result.map((r) => ({ labels: r.metric, value: Number(r.value[1]) }));
}

/** Alerts pending or firing now. */
export async function activeAlerts(server: string): Promise<ActiveAlert[]> {
  const data = await apiGet<{ alerts: ActiveAlert[] }>(`${server}/api/v1/alerts`);
  return data.alerts;
}

/** The targets service discovery found and relabelling kept. */
export async function activeTargets(server: string): Promise<Target[]> {
  const data = await apiGet<{ activeTargets: Target[] }>(`${server}/api/v1/targets?state=active`);
  return data.activeTargets;
}

/** The rule groups loaded, each rule with its health after its last evaluation. */
export async function ruleGroups(server: string): Promise<RuleGroup[]> {
  const data = await apiGet<{ groups: RuleGroup[] }>(`${server}/api/v1/rules`);
  return data.groups;
}

/**
 * Calls `read` until `holds` accepts what it returned; resolves with that. On timeout rejects
 * naming `what` and the last value read.
 */
export async function pollUntil<T>(
  what: string,
  read: () => Promise<T>,
  holds: (value: T) => boolean,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown;
  for (;;) {
    try {
      last = await read();
      if (holds(last)) return last;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const seen = last === undefined ? String(lastError) : JSON.stringify(last);
      throw new Error(`${what} not within ${timeoutMs} ms; last: ${seen}`);
    }
    await sleep(250);
  }
}
