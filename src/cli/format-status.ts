/** Human-readable `zkop status` output. */
import type { EnsembleStatus, MemberStatus } from '../platform/local/index.ts';
import { certificatesLine } from './format-certificates.ts';
import { operationText } from './format-operation.ts';
import { renderTable } from './table.ts';

const HEADER = [
  'ID',
  'ROLE',
  'STATE',
  'ZXID',
  'CONFIG',
  'CLIENT',
  'QUORUM',
  'ELECTION',
  'ADMIN',
  'PID',
  'UPTIME',
  'METRICS',
];

export function formatEnsemble(status: EnsembleStatus): string {
  const leader = status.leader === null ? 'no leader' : `leader ${status.leader}`;
  const summary =
    `${status.name} (ZooKeeper ${status.version}): ${status.serving}/${status.members.length} serving, ${leader}, ` +
    `${status.servingParticipants}/${status.participants} voting members serving (quorum ${status.quorum})` +
    `${status.healthy ? '' : status.members.some((m) => m.pid !== null) ? ' - DEGRADED' : ' - STOPPED'}`;
  const withTls = status.tls !== null;
  const header = withTls ? [...HEADER.slice(0, 6), 'TLS', ...HEADER.slice(6)] : HEADER;
  const table = renderTable(
    header,
    status.members.map((m) => memberRow(m, withTls)),
  );
  const problems = status.members
    .filter((m) => m.problem !== null)
    .map((m) => `member ${m.id}: ${m.problem}`)
    .join('\n');
  return [
    summary,
    operationLine(status),
    tlsLine(status),
    certificatesLine(status.tls?.certificates ?? []),
    table,
    `connect: ${status.connectString}`,
    tlsConnect(status),
    tenantsTable(status),
    problems,
  ]
    .filter((s) => s !== '')
    .join('\n');
}

function quotaText(quota: { nodes?: number; bytes?: number } | null): string {
  if (quota === null) return '-';
  const parts = [
    ...(quota.nodes === undefined ? [] : [`${quota.nodes} nodes`]),
    ...(quota.bytes === undefined ? [] : [`${quota.bytes} bytes`]),
  ];
  return parts.join(', ');
}

function tenantsTable({ tenants }: EnsembleStatus): string {
  if (!tenants || tenants.length === 0) return '';
  const header = ['TENANT', 'PATH', 'USER', 'QUOTA', 'ON REMOVAL', 'CONNECTION FILE'];
  const rows = tenants.map((t) => [
    t.name,
    t.path,
    t.user,
    quotaText(t.quota),
    t.deletionPolicy,
    t.connectionFile,
  ]);
  return `tenants:\n${renderTable(header, rows)}`;
}

function operationLine({ operation }: EnsembleStatus): string {
  if (!operation) return '';
  const state = operation.interrupted
    ? ` (interrupted: zkop pid ${operation.pid} is gone; run zkop up, scale or restart to resume)`
    : '';
  return `operation: ${operationText(operation)}${state}`;
}

function tlsLine({ tls }: EnsembleStatus): string {
  if (!tls) return '';
  const client = tls.client ? `on (clientAuth ${tls.clientAuth})` : 'off';
  return `tls: client ${client}, quorum ${tls.quorum ? 'on' : 'off'}`;
}

function tlsConnect({ tls }: EnsembleStatus): string {
  if (!tls || tls.connectString === '') return '';
  return (
    `connect (TLS): ${tls.connectString}\n` +
    `  CA ${tls.caFile}, client certificate ${tls.clientCertFile}, key ${tls.clientKeyFile}\n` +
    `  (both in one file for Java clients: ${tls.clientKeyStoreFile})`
  );
}

function memberRow(m: MemberStatus, withTls: boolean): string[] {
  return [
    String(m.id),
    m.role,
    m.state,
    m.zxid ?? '-',
    m.configVersion ?? '-',
    String(m.ports.client),
    ...(withTls ? [m.secureClientPort === null ? '-' : String(m.secureClientPort)] : []),
    String(m.ports.quorum),
    String(m.ports.election),
    String(m.ports.admin),
    m.pid === null ? '-' : String(m.pid),
    m.uptimeSeconds === null ? '-' : formatDuration(m.uptimeSeconds),
    m.metricsUrl ?? '-',
  ];
}

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
  if (seconds < 86_400)
    return `${Math.floor(seconds / 3600)}h${String(Math.floor((seconds % 3600) / 60)).padStart(2, '0')}m`;
  return `${Math.floor(seconds / 86_400)}d${String(Math.floor((seconds % 86_400) / 3600)).padStart(2, '0')}h`;
}
