/** Scrapes the members' metrics endpoints for `zkop ui`; a member that does not answer is reported as down. */
import type { EnsembleStatus } from '../platform/local/index.ts';
import { type MetricsSample, metricsSample } from './metrics-text.ts';

const SCRAPE_TIMEOUT_MS = 1_500;

/** One member's metrics endpoint: its sample, or why there is none. */
export type MemberMetrics =
  | ({ readonly up: true } & MetricsSample)
  | { readonly up: false; readonly problem: string };

/** By ensemble name, then member id; members without a metrics URL are left out. */
export type EnsembleMetrics = Record<string, Record<string, MemberMetrics>>;

export async function scrapeMember(url: string): Promise<MemberMetrics> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(SCRAPE_TIMEOUT_MS) });
    if (!response.ok) return { up: false, problem: `answered HTTP ${response.status}` };
    const sample = metricsSample(await response.text());
    return sample ? { up: true, ...sample } : { up: false, problem: 'no ZooKeeper request metrics' };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    const name = (error as Error).name;
    return { up: false, problem: name === 'TimeoutError' ? 'no answer in time' : (cause ?? 'unreachable') };
  }
}

export async function scrapeEnsembles(ensembles: readonly EnsembleStatus[]): Promise<EnsembleMetrics> {
  const result: EnsembleMetrics = {};
  await Promise.all(
    ensembles.map(async (ensemble) => {
      const byId: Record<string, MemberMetrics> = {};
      await Promise.all(
        ensemble.members.map(async (m) => {
          if (m.metricsUrl !== null) byId[String(m.id)] = await scrapeMember(m.metricsUrl);
        }),
      );
      result[ensemble.name] = byId;
    }),
  );
  return result;
}
