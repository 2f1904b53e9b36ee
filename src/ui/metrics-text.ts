/**
 * The few numbers `zkop ui` charts, read from a member's Prometheus text (its metrics port). Pure.
 * Requests are the count of ZooKeeper's read and update latency summaries; their sums (ms) give the
 * mean latency between two samples.
 */

export interface MetricsSample {
  /** Requests served so far (readlatency_count + updatelatency_count). */
  readonly requests: number;
  /** Milliseconds those requests took, summed (readlatency_sum + updatelatency_sum). */
  readonly latencyMsSum: number;
}

const REQUESTS = new Set(['readlatency_count', 'updatelatency_count']);
const LATENCY = new Set(['readlatency_sum', 'updatelatency_sum']);
const SERIES = /^([A-Za-z_:][A-Za-z0-9_:]*)(\{[^}]*\})?\s+(\S+)/;

/** The sample in a scrape; undefined when it holds none of the series (not ZooKeeper's metrics). */
export function metricsSample(text: string): MetricsSample | undefined {
  let requests = 0;
  let latencyMsSum = 0;
  let found = false;
  for (const line of text.split('\n')) {
    const match = SERIES.exec(line);
    if (!match) continue;
    const [, name = '', , raw = ''] = match;
    const value = Number(raw);
    if (!Number.isFinite(value)) continue;
    if (REQUESTS.has(name)) requests += value;
    else if (LATENCY.has(name)) latencyMsSum += value;
    else continue;
    found = true;
  }
  return found ? { requests, latencyMsSum } : undefined;
}
