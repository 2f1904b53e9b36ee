/** `zkop ui`'s source for the ensembles on this machine: exactly what `zkop status -o json` prints. */
import { type EnsembleStatus, statusAll } from '../platform/local/index.ts';
import { scrapeEnsembles } from './member-metrics.ts';
import type { UiSource } from './source.ts';

export function localSource(stateDir: string): UiSource<EnsembleStatus> {
  return {
    title: 'Local ZooKeeper ensembles',
    ensembles: () => statusAll(stateDir),
    metrics: scrapeEnsembles,
  };
}
