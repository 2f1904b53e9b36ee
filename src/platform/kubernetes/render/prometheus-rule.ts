/**
 * Alerts on the metrics ZooKeeper's Prometheus provider exports, scoped to one ensemble by the
 * `namespace` and `service` labels the ServiceMonitor's targets carry.
 */
import type { RenderContext } from './context.ts';
import { objectMeta } from './metadata.ts';
import { type AlertRule, MONITORING_API_VERSION, type PrometheusRule } from './monitoring-types.ts';

export const THRESHOLDS = {
  /** Milliseconds. */
  avgLatency: 100,
  outstandingRequests: 10,
  /** Milliseconds per fsync, averaged over 5 minutes. */
  fsyncTime: 100,
} as const;

function rule(
  alert: string,
  expr: string,
  forDuration: string,
  severity: 'critical' | 'warning',
  summary: string,
): AlertRule {
  return { alert, expr, for: forDuration, labels: { severity }, annotations: { summary } };
}

export function alertRules(ctx: RenderContext): AlertRule[] {
  const sel = `{namespace="${ctx.namespace}",service="${ctx.names.headlessService}"}`;
  const members = ctx.spec.replicas + ctx.spec.observers;
  const majority = Math.floor(ctx.spec.replicas / 2) + 1;
  const ensemble = `ZooKeeper ${ctx.namespace}/${ctx.name}`;
  const rules = [
    // Only the leader exports leader_uptime.
    rule('ZooKeeperNoLeader', `absent(leader_uptime${sel})`, '1m', 'critical', `${ensemble} has no leader`),
    rule(
      'ZooKeeperMembersDown',
      `(sum(up${sel}) or vector(0)) < ${members}`,
      '5m',
      'warning',
      `${ensemble}: fewer than ${members} members answer`,
    ),
  ];
  // With one voter there is no quorum to lose a member from.
  if (ctx.spec.replicas >= 3) {
    rules.push(
      rule(
        'ZooKeeperQuorumAtRisk',
        `(max(synced_followers${sel}) + 1 or vector(0)) <= ${majority}`,
        '5m',
        'critical',
        `${ensemble}: one more voting member down loses the quorum`,
      ),
    );
  }
  rules.push(
    rule(
      'ZooKeeperHighLatency',
      `max by (pod) (avg_latency${sel}) > ${THRESHOLDS.avgLatency}`,
      '10m',
      'warning',
      `${ensemble}: {{ $labels.pod }} averages more than ${THRESHOLDS.avgLatency} ms per request`,
    ),
    rule(
      'ZooKeeperOutstandingRequests',
      `max by (pod) (outstanding_requests${sel}) > ${THRESHOLDS.outstandingRequests}`,
      '5m',
      'warning',
      `${ensemble}: {{ $labels.pod }} has more than ${THRESHOLDS.outstandingRequests} requests queued`,
    ),
    rule(
      'ZooKeeperSlowFsync',
      `max by (pod) (rate(fsynctime_sum${sel}[5m]) / rate(fsynctime_count${sel}[5m])) > ${THRESHOLDS.fsyncTime}`,
      '10m',
      'warning',
      `${ensemble}: {{ $labels.pod }} takes more than ${THRESHOLDS.fsyncTime} ms per fsync`,
    ),
  );
  return rules;
}

export function renderPrometheusRule(ctx: RenderContext): PrometheusRule | undefined {
  if (!ctx.spec.monitoring.prometheusRule) return undefined;
  return {
    apiVersion: MONITORING_API_VERSION,
    kind: 'PrometheusRule',
    metadata: objectMeta(ctx, ctx.names.prometheusRule, 'monitoring'),
    spec: { groups: [{ name: `zookeeper.${ctx.namespace}.${ctx.name}`, rules: alertRules(ctx) }] },
  };
}
