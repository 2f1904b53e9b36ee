/** The few Prometheus Operator (`monitoring.coreos.com/v1`) shapes zkop renders. */
import type { KubernetesObject, V1LabelSelector, V1ObjectMeta } from '@kubernetes/client-node';

export const MONITORING_API_VERSION = 'monitoring.coreos.com/v1';

export interface ServiceMonitor extends KubernetesObject {
  metadata: V1ObjectMeta;
  spec: {
    selector: V1LabelSelector;
    namespaceSelector: { matchNames: string[] };
    endpoints: {
      port: string;
      path: string;
      interval: string;
      relabelings: { targetLabel: string; replacement: string }[];
    }[];
  };
}

export interface AlertRule {
  alert: string;
  expr: string;
  /** Absent: fires at the first evaluation that finds the condition (alerts that count over a window). */
  for?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export interface PrometheusRule extends KubernetesObject {
  metadata: V1ObjectMeta;
  spec: { groups: { name: string; rules: AlertRule[] }[] };
}
