/**
 * Where `zkop ui` reads from: the ensembles on this machine, or the ZooKeeper objects of a
 * namespace read with the user's kubeconfig. The server knows only this; each source shapes its
 * ensembles into the JSON the page renders and scrapes their members' metrics its own way.
 */
import type { EnsembleMetrics } from './member-metrics.ts';

export interface UiSource<Ensemble = unknown> {
  /** What the page says it shows, e.g. `Local ZooKeeper ensembles`. */
  readonly title: string;
  /** The ensembles as the page renders them (/api/ensembles). */
  ensembles(): Promise<readonly Ensemble[]>;
  /** Their members' request counters, or why there are none, by ensemble name and member id (/api/metrics). */
  metrics(ensembles: readonly Ensemble[]): Promise<EnsembleMetrics>;
}
