/**
 * The static part of zoo.cfg. Membership lives in the dynamic config file it points to; ZooKeeper
 * rewrites both on reconfiguration, so they are written to a writable place and never edited by
 * hand afterwards.
 */
import type { ResolvedSpec } from '../api/defaults.ts';
import { isOwnedConfigKey } from '../api/owned-keys.ts';
import type { VersionInfo } from '../api/versions.ts';
import { adminDataEntries } from './admin-data-commands.ts';
import type { MemberAuth } from './auth-entries.ts';
import type { MemberSelf } from './layout.ts';
import { finalQuorumTlsStage, type QuorumTlsStage } from './quorum-tls-stage.ts';
import { tlsEntries } from './tls-entries.ts';

/**
 * The four-letter words probes and zkop use: `srvr` and `mntr` (role, sync state, zxid), `conf`
 * (the member's view of the ensemble config), `ruok` (liveness), `isro` (read-only mode). Every
 * other word stays off.
 */
export const FOUR_LETTER_WHITELIST = ['conf', 'isro', 'mntr', 'ruok', 'srvr'] as const;

export const PROMETHEUS_PROVIDER = 'org.apache.zookeeper.metrics.prometheus.PrometheusMetricsProvider';

export interface ZooCfgInput {
  readonly spec: ResolvedSpec;
  readonly features: VersionInfo;
  readonly self: MemberSelf;
  /** The quorum TLS stage to render (a staged change renders the stages between); default the spec's own. */
  readonly quorumTls?: QuorumTlsStage;
  /** Authentication keys (auth-entries.ts), when the member authenticates anything. */
  readonly auth?: MemberAuth['zooCfg'];
}

/** Whether this member runs the Prometheus metrics provider. */
export const metricsEnabled = (spec: ResolvedSpec, features: VersionInfo): boolean =>
  spec.monitoring.metrics && features.prometheusMetrics;

export function zooCfgEntries({
  spec,
  features,
  self,
  quorumTls,
  auth = [],
}: ZooCfgInput): [string, string][] {
  const c = spec.config;
  const entries: [string, string | number | boolean][] = [
    ['tickTime', c.tickTime],
    ['initLimit', c.initLimit],
    ['syncLimit', c.syncLimit],
    ['maxClientCnxns', c.maxClientCnxns],
    ['minSessionTimeout', c.minSessionTimeout],
    ['maxSessionTimeout', c.maxSessionTimeout],
    ['autopurge.snapRetainCount', c.autopurge.snapRetainCount],
    ['autopurge.purgeInterval', c.autopurge.purgeInterval],
    ['dataDir', self.paths.dataDir],
    ['dataLogDir', self.paths.dataLogDir],
    ['dynamicConfigFile', self.paths.dynamicConfigFile],
    ['reconfigEnabled', true],
    ['standaloneEnabled', false],
    ['quorumListenOnAllIPs', self.quorumListenOnAllIPs],
    ['4lw.commands.whitelist', FOUR_LETTER_WHITELIST.join(',')],
    ['admin.enableServer', true],
    ['admin.serverAddress', self.bindAddress],
    ['admin.serverPort', self.adminPort],
    ...adminDataEntries(features),
  ];
  if (metricsEnabled(spec, features)) {
    entries.push(
      ['metricsProvider.className', PROMETHEUS_PROVIDER],
      ['metricsProvider.httpHost', self.bindAddress],
      ['metricsProvider.httpPort', self.metricsPort],
      ['metricsProvider.exportJvmInfo', true],
    );
  }
  entries.push(
    ...tlsEntries(spec, features, self, quorumTls ?? finalQuorumTlsStage(spec.tls.quorum.enabled)),
    ...auth,
  );
  for (const key of Object.keys(c.extra).sort()) {
    if (isOwnedConfigKey(key))
      throw new Error(`spec.config.extra: '${key}' is set by zkop and cannot be overridden`);
    entries.push([key, c.extra[key] ?? '']);
  }
  return entries.map(([key, value]) => {
    const text = String(value);
    if (/[\r\n]/.test(text) || /[\r\n=]/.test(key)) {
      throw new Error(`zoo.cfg entry '${key}' must be a single line without '=' in its key`);
    }
    return [key, text];
  });
}

export function renderZooCfg(input: ZooCfgInput): string {
  const body = zooCfgEntries(input)
    .map(([key, value]) => `${key}=${value}`)
    .join('\n');
  return `# Written by zkop. ZooKeeper rewrites this file on reconfiguration.\n${body}\n`;
}
