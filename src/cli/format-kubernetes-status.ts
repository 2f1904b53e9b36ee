/** `zkop status -n NS` output: a ZooKeeper object's status, laid out like the local `zkop status`. Pure. */
import type { Condition, TlsStatus } from '../api/spec.ts';
import type { ZooKeeperReading } from '../platform/kubernetes/index.ts';
import { certificatesLine } from './format-certificates.ts';
import { operationText } from './format-operation.ts';
import { renderTable } from './table.ts';

const HEADER = ['ID', 'NAME', 'ROLE', 'STATE', 'VOTING', 'VERSION'];
const CONDITIONS = ['Ready', 'Available', 'Progressing', 'Degraded'];
const SOURCE_OF: Record<TlsStatus['source'], string> = {
  zkop: "zkop's CA",
  secret: "the user's Secret",
  'cert-manager': 'cert-manager',
};
/** The status of each condition that calls for a look, with its reason and message. */
const HEALTHY: Record<string, string> = {
  Ready: 'True',
  Available: 'True',
  Progressing: 'False',
  Degraded: 'False',
};

export function formatZooKeeper(zk: ZooKeeperReading): string {
  const { name, namespace } = zk.metadata;
  const status = zk.status;
  if (!status) return `${name} in ${namespace}: no status yet (the operator has not reported on it)`;
  const version = status.version ?? zk.spec?.version;
  const leader = status.leader ? `leader ${status.leader}` : 'no leader';
  const summary = [
    `${name} in ${namespace}${version ? ` (ZooKeeper ${version})` : ''}: ${status.phase ?? 'no phase'}`,
    `${status.readyMembers ?? '?'} members serving`,
    leader,
    ...(status.configVersion ? [`config version ${status.configVersion}`] : []),
  ].join(', ');
  const conditions = CONDITIONS.map((type) => conditionOf(status.conditions, type));
  const members = status.members ?? [];
  const table = renderTable(
    HEADER,
    members.map((m) => [
      String(m.id),
      m.name,
      m.role,
      m.state,
      m.voting === undefined ? '-' : m.voting ? 'yes' : 'no',
      m.version ?? '-',
    ]),
  );
  return [
    summary,
    generationLine(zk),
    `conditions: ${conditions.map((c, i) => `${CONDITIONS[i]}=${c?.status ?? 'Unknown'}`).join(' ')}`,
    ...conditions.filter((c) => c !== undefined && HEALTHY[c.type] !== c.status).map(conditionLine),
    status.operation && !isIdle(status.operation) ? `operation: ${operationText(status.operation)}` : '',
    status.tls ? `tls: certificates from ${SOURCE_OF[status.tls.source]}` : '',
    certificatesLine(status.tls?.certificates ?? []),
    members.length > 0 ? table : 'no members observed',
    status.endpoints?.client ? `connect: ${status.endpoints.client}` : '',
    status.operatorVersion ? `reconciled by zkop ${status.operatorVersion}` : '',
  ]
    .filter((s) => s !== '')
    .join('\n');
}

/** One line of progress while a change is carried out; the same reading gives the same line. */
export function progressLine(zk: ZooKeeperReading, generation: number): string {
  const status = zk.status;
  const observed = status?.observedGeneration;
  if (!status || observed === undefined || observed < generation)
    return `waiting for the operator to take generation ${generation}${observed === undefined ? '' : ` (status is of generation ${observed})`}`;
  const operation =
    status.operation && !isIdle(status.operation) ? `; ${operationText(status.operation)}` : '';
  return `${status.phase ?? 'no phase'}: ${status.readyMembers ?? '?'} members serving${operation}`;
}

const isIdle = (op: { type: string; waitingFor?: string | undefined }) =>
  op.type === 'Idle' && !op.waitingFor;

function conditionOf(conditions: readonly Condition[] | undefined, type: string): Condition | undefined {
  return conditions?.find((c) => c.type === type);
}

function conditionLine(c: Condition | undefined): string {
  return c ? `  ${c.type}=${c.status} (${c.reason})${c.message ? `: ${c.message}` : ''}` : '';
}

function generationLine(zk: ZooKeeperReading): string {
  const generation = zk.metadata.generation;
  const observed = zk.status?.observedGeneration;
  if (generation === undefined || observed === undefined || observed >= generation) return '';
  return `status is of generation ${observed}; the operator has not reported on generation ${generation} yet`;
}
