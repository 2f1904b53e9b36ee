/** A Prometheus Operator ServiceMonitor scraping every member through the headless Service. */
import type { RenderContext } from './context.ts';
import { objectMeta } from './metadata.ts';
import { MONITORING_API_VERSION, type ServiceMonitor } from './monitoring-types.ts';

export const SCRAPE_INTERVAL = '30s';

export function renderServiceMonitor(ctx: RenderContext): ServiceMonitor | undefined {
  if (!ctx.spec.monitoring.serviceMonitor) return undefined;
  return {
    apiVersion: MONITORING_API_VERSION,
    kind: 'ServiceMonitor',
    metadata: objectMeta(ctx, ctx.names.serviceMonitor, 'monitoring'),
    spec: {
      // The headless Service: it lists every member, ready or not.
      selector: {
        matchLabels: {
          'app.kubernetes.io/name': 'zookeeper',
          'app.kubernetes.io/instance': ctx.name,
          'app.kubernetes.io/component': 'peers',
        },
      },
      namespaceSelector: { matchNames: [ctx.namespace] },
      endpoints: [{ port: 'metrics', path: '/metrics', interval: SCRAPE_INTERVAL }],
    },
  };
}
