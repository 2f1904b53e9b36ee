/** Scrapes the members' metrics endpoints for `zkop ui`; a member that does not answer is reported as down. */
import type { EnsembleStatus } from '../platform/local/index.ts';
import { type MetricsSample, metricsSample } from './metrics-text.ts';

export const SCRAPE_TIMEOUT_MS = 1_500;

/** One member's metrics endpoint: its sample, or why there is none. */
export type MemberMetrics =
  | ({ readonly up: true } & MetricsSample)
  | { readonly up: false; readonly problem: string };

/** By ensemble name, then member id; members without a metrics URL are left out. */
export type EnsembleMetrics = Record<string, Record<string, MemberMetrics>>;

/** The sample in a scrape's answer; `refusal` says why a non-2xx answer gave none. Pure. */
export function metricsAnswer(
  status: number,
  text: string,
  refusal = `answered HTTP ${status}`,
): MemberMetrics {
  if (status < 200 || status > 299) return { up: false, problem: refusal };
  const sample = metricsSample(text);
  return sample ? { up: true, ...sample } : { up: false, problem: 'no ZooKeeper request metrics' };
}

/** Why a request got no answer at all: a timeout, or the connection's error code. Pure. */
export function unanswered(error: unknown): string {
  const cause = (error as { cause?: { code?: string } }).cause?.code;
  const name = (error as Error).name;
  return name === 'TimeoutError' ? 'no answer in time' : (cause ?? 'unreachable');
}

export async function scrapeMember(url: string): Promise<MemberMetrics> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(SCRAPE_TIMEOUT_MS) });
    return metricsAnswer(response.status, await response.text());
  } catch (error) {
    return { up: false, problem: unanswered(error) };
  }
}

/** A member as both sources list it: its metrics endpoint (a URL, or the API server's pod proxy path). */
interface ScrapedMember {
  readonly id: number;
  readonly metricsUrl: string | null;
}

/** Each ensemble's members with a metrics endpoint, scraped at once with `scrape`. */
export async function scrapeEach(
  ensembles: readonly { readonly name: string; readonly members: readonly ScrapedMember[] }[],
  scrape: (endpoint: string) => Promise<MemberMetrics>,
): Promise<EnsembleMetrics> {
  const result: EnsembleMetrics = {};
  await Promise.all(
    ensembles.map(async (ensemble) => {
      const byId: Record<string, MemberMetrics> = {};
      await Promise.all(
        ensemble.members.map(async (m) => {
          if (m.metricsUrl !== null) byId[String(m.id)] = await scrape(m.metricsUrl);
        }),
      );
      result[ensemble.name] = byId;
    }),
  );
  return result;
}

export const scrapeEnsembles = (ensembles: readonly EnsembleStatus[]): Promise<EnsembleMetrics> =>
  scrapeEach(ensembles, scrapeMember);
