/** A Prometheus text-format scrape, reduced to the names of the series it holds. */

/** The series names in a scrape: a summary's `x_sum` and `x_count` as well as `x`. */
export function seriesNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const name = /^[A-Za-z_:][A-Za-z0-9_:]*/.exec(line)?.[0];
    if (name) names.add(name);
  }
  return names;
}

export async function scrapeSeriesNames(url: string): Promise<Set<string>> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return seriesNames(await response.text());
}
