/**
 * A Prometheus Operator ServiceMonitor scraping every member through its member Service. Those select
 * their pod, so the Kubernetes controllers write both their Endpoints and their EndpointSlices and a
 * Prometheus finds the members with either discovery role (the headless Service's endpoints are
 * zkop's own EndpointSlice, which the default role, Endpoints, does not read). Every target carries
 * the ensemble's name as `zookeeper`, the label the alerts and the dashboard select members by.
 */
import type { RenderContext } from './context.ts';
import { objectLabels, objectMeta } from './metadata.ts';
import { MONITORING_API_VERSION, type ServiceMonitor } from './monitoring-types.ts';

export const SCRAPE_INTERVAL = '30s';

/** The label a member's series carry with the name of its ensemble. */
export const ENSEMBLE_LABEL = 'zookeeper';

export function renderServiceMonitor(ctx: RenderContext): ServiceMonitor | undefined {
  if (!ctx.spec.monitoring.serviceMonitor) return undefined;
  return {
    apiVersion: MONITORING_API_VERSION,
    kind: 'ServiceMonitor',
    metadata: objectMeta(ctx, ctx.names.serviceMonitor, 'monitoring'),
    spec: {
      // Member Services publish members that are not ready too.
      selector: { matchLabels: objectLabels(ctx.name, 'member') },
      namespaceSelector: { matchNames: [ctx.namespace] },
      endpoints: [
        {
          port: 'metrics',
          path: '/metrics',
          interval: SCRAPE_INTERVAL,
          relabelings: [{ targetLabel: ENSEMBLE_LABEL, replacement: ctx.name }],
        },
      ],
    },
  };
}
