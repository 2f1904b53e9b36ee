/**
 * The status object of a ZooKeeper object, computed from what was observed and what the engine plans
 * (write-status.ts writes it). Pure:
 * the same inputs give the same status, and a condition keeps its lastTransitionTime while its status
 * stays, so an unchanged ensemble gives an unchanged status (and no write).
 * Member zxids are left out on purpose: they move with every client write.
 */
import type { ResolvedSpec } from '../../../api/defaults.ts';
import type {
  BootstrapStatus,
  Condition,
  MemberStatus,
  Phase,
  StatusRole,
  TlsStatus,
  ZooKeeperStatus,
} from '../../../api/spec.ts';
import { type Observation, type OperationStatus, type Plan, quorum } from '../../../engine/index.ts';
import { memberPodName, objectNames } from '../render/index.ts';
import { MONITORING_CONDITION, MONITORS_NOT_SERVED, type MonitorsOutcome } from './apply-monitors.ts';

export interface StatusInput {
  readonly name: string;
  readonly namespace: string;
  readonly generation: number | undefined;
  readonly spec: ResolvedSpec;
  readonly observation: Observation;
  readonly plan: Plan;
  readonly operation: OperationStatus;
  readonly previous: ZooKeeperStatus | undefined;
  /** RFC 3339, for conditions that change now. */
  readonly now: string;
  /** An operation the platform carries out itself (volume expansion). */
  readonly platform?: PlatformOperation;
  /** Why the platform cannot do what the spec asks (e.g. a volume that cannot grow): Degraded. */
  readonly problem?: { readonly reason: string; readonly message: string };
  /** The ServiceMonitor and PrometheusRule the spec asks for, as applied; absent when not applied now (paused). */
  readonly monitors?: MonitorsOutcome;
  /** The certificates in use; absent while the ensemble uses no TLS. */
  readonly tls?: TlsStatus;
  /** The backup the ensemble started from (spec.bootstrap). */
  readonly bootstrap?: BootstrapStatus;
}

/**
 * An operation the platform carries out itself beside the engine's (volume expansion): shown while
 * the engine has nothing under way, and it keeps the ensemble from Ready.
 */
export interface PlatformOperation {
  readonly type: string;
  readonly step: string;
  readonly waitingFor: string;
}

type ConditionType = 'Ready' | 'Available' | 'Progressing' | 'Degraded' | typeof MONITORING_CONDITION;
type Verdict = { readonly status: Condition['status']; readonly reason: string; readonly message: string };

function condition(
  type: ConditionType,
  verdict: Verdict,
  previous: ZooKeeperStatus | undefined,
  generation: number | undefined,
  now: string,
): Condition {
  const before = previous?.conditions?.find((c) => c.type === type);
  return {
    type,
    status: verdict.status,
    ...(generation !== undefined ? { observedGeneration: generation } : {}),
    lastTransitionTime: before && before.status === verdict.status ? before.lastTransitionTime : now,
    reason: verdict.reason,
    message: verdict.message,
  };
}

const PHASE_OF: Record<Plan['operation'], Phase> = {
  Create: 'Creating',
  Heal: 'Degraded',
  Scale: 'Scaling',
  Reconfigure: 'Scaling',
  Restart: 'Restarting',
  Upgrade: 'Upgrading',
  Idle: 'Running',
  Paused: 'Running',
  Refused: 'Failed',
};

function roleOf(mode: Observation['members'][number]['mode']): StatusRole {
  return mode === 'looking' ? 'unknown' : mode;
}

function stateOf(m: Observation['members'][number]): string {
  if (!m.running) return 'stopped';
  if (!m.serving) return m.mode === 'looking' ? 'looking' : 'starting';
  return m.synced ? 'serving' : 'syncing';
}

export function computeStatus(input: StatusInput): ZooKeeperStatus {
  const { name, namespace, spec, observation, plan, previous, generation, now, platform, problem } = input;
  const shown = platform !== undefined && plan.operation === 'Idle' ? platform : undefined;
  const operation = shown ?? input.operation;
  const operationType = shown?.type ?? plan.operation;
  const wanted = spec.replicas + spec.observers;
  const committed = observation.config?.members ?? [];
  const voters = committed.filter((m) => m.role === 'participant').map((m) => m.id);
  const healthy = (id: number) => observation.members.some((m) => m.id === id && m.serving && m.synced);
  const servingVoters = voters.filter(healthy).length;
  const quorate =
    voters.length > 0 && servingVoters >= quorum(voters.length) && observation.config?.live === true;
  const servingWanted = observation.members.filter((m) => m.id <= wanted && m.serving && m.synced).length;
  const ready =
    quorate &&
    servingWanted === wanted &&
    plan.step.type === 'Done' &&
    platform === undefined &&
    problem === undefined;
  const observed: MemberStatus[] = observation.members.map((m) => {
    const role = committed.find((c) => c.id === m.id)?.role;
    return {
      id: m.id,
      name: memberPodName(name, m.id),
      role: roleOf(m.mode),
      state: stateOf(m),
      ...(role ? { voting: role === 'participant' } : {}),
      ...(m.version ? { version: m.version } : {}),
    };
  });
  // Every member of the committed config is listed, with a pod or not: the status is where the
  // config is recorded (recorded-config.ts), and a new ensemble's pods appear one by one.
  const absent: MemberStatus[] = committed
    .filter((c) => !observation.members.some((m) => m.id === c.id))
    .map((c) => ({
      id: c.id,
      name: memberPodName(name, c.id),
      role: 'unknown',
      state: 'absent',
      voting: c.role === 'participant',
    }));
  const members = [...observed, ...absent].sort((a, b) => a.id - b.id);
  const versions = [
    ...new Set(observation.members.filter((m) => m.running && m.version).map((m) => m.version)),
  ];
  const engineActing = !['Idle', 'Paused', 'Refused'].includes(plan.operation);
  const acting = engineActing || (shown !== undefined && problem === undefined);
  const stalled = problem?.reason;
  const summary = `${servingWanted}/${wanted} members serving`;
  const conditions: Condition[] = [
    condition(
      'Ready',
      ready
        ? { status: 'True', reason: 'AllMembersServing', message: summary }
        : {
            status: 'False',
            reason: stalled ?? (acting ? operationType : 'MembersNotServing'),
            message: summary,
          },
      previous,
      generation,
      now,
    ),
    condition(
      'Available',
      quorate
        ? {
            status: 'True',
            reason: 'QuorumServing',
            message: `${servingVoters} of ${voters.length} voters serving`,
          }
        : {
            status: 'False',
            reason: 'NoQuorum',
            message: `${servingVoters} of ${voters.length} voters serving`,
          },
      previous,
      generation,
      now,
    ),
    condition(
      'Progressing',
      acting
        ? { status: 'True', reason: operationType, message: operation.waitingFor || operation.step }
        : {
            status: 'False',
            reason: stalled ?? operationType,
            message: problem?.message ?? operation.waitingFor,
          },
      previous,
      generation,
      now,
    ),
    condition(
      'Degraded',
      plan.operation === 'Refused'
        ? { status: 'True', reason: 'Refused', message: operation.waitingFor }
        : problem
          ? { status: 'True', reason: problem.reason, message: problem.message }
          : plan.operation === 'Heal' ||
              (!quorate && observation.config !== undefined && plan.operation !== 'Create')
            ? {
                status: 'True',
                reason: quorate ? 'Healing' : 'NoQuorum',
                message: operation.waitingFor || operation.step || summary,
              }
            : { status: 'False', reason: 'Healthy', message: summary },
      previous,
      generation,
      now,
    ),
    ...monitoringCondition(input),
  ];
  const leader = observation.leader;
  return {
    ...(generation !== undefined ? { observedGeneration: generation } : {}),
    phase: PHASE_OF[plan.operation],
    conditions,
    members,
    readyMembers: `${servingWanted}/${wanted}`,
    ...(leader !== undefined ? { leader: memberPodName(name, leader) } : {}),
    ...(observation.config ? { configVersion: `0x${observation.config.version.toString(16)}` } : {}),
    ...(versions.length > 0 ? { version: versions.sort().join(', ') } : {}),
    endpoints: {
      client: `${objectNames(name).clientService}.${namespace}.svc:${spec.ports.client}`,
      ...(spec.services.admin.enabled
        ? { admin: `http://${objectNames(name).adminService}.${namespace}.svc:${spec.ports.admin}/commands` }
        : {}),
    },
    operation: {
      type: operationType,
      step: operation.step,
      waitingFor: operation.waitingFor,
      ...(acting ? { startedAt: startOf(operationType, previous, now) } : {}),
    },
    ...(input.tls ? { tls: input.tls } : {}),
    ...(input.bootstrap ? { bootstrap: input.bootstrap } : {}),
  };
}

/** When the operation under way began: kept from the status while the same operation goes on. */
function startOf(type: string, previous: ZooKeeperStatus | undefined, now: string): string {
  const before = previous?.operation;
  return before?.type === type && before.startedAt ? before.startedAt : now;
}

/**
 * Whether the monitors the spec asks for are applied; none asked for, no condition. While they are
 * not applied now (a paused spec), the condition stays as it was.
 */
function monitoringCondition({ spec, monitors, previous, generation, now }: StatusInput): Condition[] {
  const { serviceMonitor, prometheusRule } = spec.monitoring;
  if (!serviceMonitor && !prometheusRule) return [];
  if (!monitors) return previous?.conditions?.filter((c) => c.type === MONITORING_CONDITION) ?? [];
  const verdict: Verdict = monitors.notServed
    ? { status: 'False', reason: MONITORS_NOT_SERVED, message: monitors.notServed }
    : { status: 'True', reason: 'Applied', message: `${monitors.kinds.join(' and ')} applied` };
  return [condition(MONITORING_CONDITION, verdict, previous, generation, now)];
}

/** The status of an object zkop will not act on, with the reason and what to do about it. */
export function refusedStatus(
  generation: number | undefined,
  reason: string,
  message: string,
  previous: ZooKeeperStatus | undefined,
  now: string,
): ZooKeeperStatus {
  const verdict: Verdict = { status: 'False', reason, message };
  return {
    ...previous,
    ...(generation !== undefined ? { observedGeneration: generation } : {}),
    phase: 'Failed',
    conditions: [
      condition('Ready', verdict, previous, generation, now),
      ...(previous?.conditions?.filter((c) => c.type === 'Available') ?? []),
      condition('Progressing', verdict, previous, generation, now),
      condition('Degraded', { status: 'True', reason, message }, previous, generation, now),
    ],
    operation: { type: 'Refused', step: '', waitingFor: message },
  };
}
