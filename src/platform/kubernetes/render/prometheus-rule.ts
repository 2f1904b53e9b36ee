/**
 * Alerts on the metrics ZooKeeper's Prometheus provider exports, scoped to one ensemble by the
 * `namespace` and `zookeeper` labels the ServiceMonitor's targets carry, on the kubelet's volume stats
 * of the ensemble's claims, and on the operator's record of the ensemble's backups. Thresholds and
 * durations come from `spec.monitoring.alerts` (src/api/alert-settings.ts says why each default is
 * what it is). The metric names are those of ZooKeeper 3.8 and 3.9 and of the operator
 * (test/integration/metric-names.test.ts checks them against live members and a live operator).
 */
import type { RenderContext } from './context.ts';
import { objectMeta } from './metadata.ts';
import { type AlertRule, MONITORING_API_VERSION, type PrometheusRule } from './monitoring-types.ts';
import { VOLUMES } from './pod-layout.ts';
import { ENSEMBLE_LABEL } from './service-monitor.ts';

/** The span rates are taken over: ten scrapes at the ServiceMonitor's 30 s. */
export const RATE_WINDOW = '5m';

function rule(
  alert: string,
  expr: string,
  forDuration: string | undefined,
  severity: 'critical' | 'warning',
  summary: string,
): AlertRule {
  return {
    alert,
    expr,
    ...(forDuration ? { for: forDuration } : {}),
    labels: { severity },
    annotations: { summary },
  };
}

/** The average of a ZooKeeper summary per member, over RATE_WINDOW. */
const averagePerMember = (summary: string, sel: string) =>
  `max by (pod) (rate(${summary}_sum${sel}[${RATE_WINDOW}]) / rate(${summary}_count${sel}[${RATE_WINDOW}]))`;

/** The share of `used` in `limit` per member, in percent. */
const percentPerMember = (used: string, limit: string) => `max by (pod) (${used} / ${limit}) * 100`;

export function alertRules(ctx: RenderContext): AlertRule[] {
  const alerts = ctx.spec.monitoring.alerts;
  const sel = `{namespace="${ctx.namespace}",${ENSEMBLE_LABEL}="${ctx.name}"}`;
  const heap = `{namespace="${ctx.namespace}",${ENSEMBLE_LABEL}="${ctx.name}",area="heap"}`;
  const claims = `{namespace="${ctx.namespace}",persistentvolumeclaim=~"(${VOLUMES.data}|${VOLUMES.dataLog})-${ctx.names.statefulSet}-[0-9]+"}`;
  const members = ctx.spec.replicas + ctx.spec.observers;
  const majority = Math.floor(ctx.spec.replicas / 2) + 1;
  const ensemble = `ZooKeeper ${ctx.namespace}/${ctx.name}`;
  const { requestLatency, outstandingRequests, fsyncTime, fileDescriptors, storage, jvmHeap } = alerts;
  const { leaderElections, sessionExpiries, backupAge } = alerts;
  const operator = `{namespace="${ctx.namespace}",name="${ctx.name}"}`;
  const rules = [
    // Only the leader exports leader_uptime.
    rule(
      'ZooKeeperNoLeader',
      `absent(leader_uptime${sel})`,
      alerts.noLeader.for,
      'critical',
      `${ensemble} has no leader`,
    ),
    rule(
      'ZooKeeperMembersDown',
      `(sum(up${sel}) or vector(0)) < ${members}`,
      alerts.membersDown.for,
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
        alerts.quorumAtRisk.for,
        'critical',
        `${ensemble}: one more voting member down loses the quorum`,
      ),
    );
  }
  rules.push(
    rule(
      'ZooKeeperHighLatency',
      `${averagePerMember('updatelatency', sel)} > ${requestLatency.milliseconds} or ${averagePerMember('readlatency', sel)} > ${requestLatency.milliseconds}`,
      requestLatency.for,
      'warning',
      `${ensemble}: {{ $labels.pod }} averages more than ${requestLatency.milliseconds} ms per request`,
    ),
    rule(
      'ZooKeeperOutstandingRequests',
      `max by (pod) (outstanding_requests${sel}) > ${outstandingRequests.requests}`,
      outstandingRequests.for,
      'warning',
      `${ensemble}: {{ $labels.pod }} has more than ${outstandingRequests.requests} requests queued`,
    ),
    rule(
      'ZooKeeperSlowFsync',
      `${averagePerMember('fsynctime', sel)} > ${fsyncTime.milliseconds}`,
      fsyncTime.for,
      'warning',
      `${ensemble}: {{ $labels.pod }} takes more than ${fsyncTime.milliseconds} ms per fsync`,
    ),
    rule(
      'ZooKeeperFileDescriptorsRunningOut',
      `${percentPerMember(`open_file_descriptor_count${sel}`, `max_file_descriptor_count${sel}`)} > ${fileDescriptors.percent}`,
      fileDescriptors.for,
      'warning',
      `${ensemble}: {{ $labels.pod }} uses more than ${fileDescriptors.percent}% of its file descriptors`,
    ),
    rule(
      'ZooKeeperVolumeFilling',
      `max by (persistentvolumeclaim) (kubelet_volume_stats_used_bytes${claims} / kubelet_volume_stats_capacity_bytes${claims}) * 100 > ${storage.percent}`,
      storage.for,
      'warning',
      `${ensemble}: volume {{ $labels.persistentvolumeclaim }} is more than ${storage.percent}% full`,
    ),
    rule(
      'ZooKeeperFrequentElections',
      `max(increase(election_time_count${sel}[${leaderElections.window}])) > ${leaderElections.elections}`,
      undefined,
      'warning',
      `${ensemble}: a member went through more than ${leaderElections.elections} elections in ${leaderElections.window}`,
    ),
    rule(
      'ZooKeeperSessionExpiries',
      `sum(increase(stale_sessions_expired${sel}[${sessionExpiries.window}])) > ${sessionExpiries.sessions}`,
      undefined,
      'warning',
      `${ensemble}: more than ${sessionExpiries.sessions} client sessions expired in ${sessionExpiries.window}`,
    ),
    rule(
      'ZooKeeperHeapFull',
      `${percentPerMember(`jvm_memory_bytes_used${heap}`, `jvm_memory_bytes_max${heap}`)} > ${jvmHeap.percent}`,
      jvmHeap.for,
      'warning',
      `${ensemble}: {{ $labels.pod }} has used more than ${jvmHeap.percent}% of its heap`,
    ),
    // The operator's series (the chart's ServiceMonitor keeps their namespace and name labels).
    rule(
      'ZooKeeperBackupTooOld',
      `time() - max(zkop_ensemble_last_backup_timestamp_seconds${operator}) > ${backupAge.hours * 3600}`,
      undefined,
      'warning',
      `${ensemble}: no backup has completed for more than ${backupAge.hours} hours`,
    ),
  );
  // Whatever an expression keeps, every alert names its ensemble: Alertmanager routes on labels.
  const named = { namespace: ctx.namespace, [ENSEMBLE_LABEL]: ctx.name };
  return rules.map((r) => ({ ...r, labels: { ...r.labels, ...named } }));
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
