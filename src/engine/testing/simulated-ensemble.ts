/**
 * A small pure model of a ZooKeeper ensemble driven by engine steps, for the engine's tests: reconfig
 * with version check and the new-majority rule (counting only members that follow, so observers
 * never help a new config commit), leader handoff when the leader stops voting,
 * elections among running voters, members that fail, lose data or never sync with a wrong config.
 */

import { compatibleSaslStages } from '../quorum-sasl.ts';
import { compatibleStages } from '../quorum-tls.ts';
import type {
  ConfigMember,
  Desired,
  EnsembleConfig,
  MemberId,
  MemberObservation,
  MemberStages,
  Observation,
  QuorumSaslStage,
  QuorumTlsStage,
  Role,
  Step,
  StorageState,
} from '../types.ts';

export interface SimMember {
  readonly id: MemberId;
  readonly running: boolean;
  readonly serving: boolean;
  readonly synced: boolean;
  readonly version: string;
  readonly configHash: string;
  readonly restartToken: string;
  /** Its quorum TLS stage: it reaches only members at this stage or a neighbouring one. */
  readonly quorumTls: QuorumTlsStage;
  /** Its quorum SASL stage, which it reaches members by the same way. */
  readonly quorumSasl: QuorumSaslStage;
  /** The config the member holds: what it was started with, or what the leader last sent it. */
  readonly config: EnsembleConfig;
  readonly storage: StorageState;
  readonly dataLost: boolean;
  /** What the platform sees that a restart fixes (e.g. a file system that grows on start). */
  readonly restartNeeded?: string;
  /** Its committed line should be rewritten (a reconfig that keeps its role fixes it). */
  readonly addressStale?: string;
}

export interface SimEnsemble {
  readonly members: readonly SimMember[];
  /** The config the ensemble committed; undefined until a new ensemble first elects a leader. */
  readonly committed: EnsembleConfig | undefined;
  /** The config the platform recorded: read while live, or written at creation. */
  readonly recorded: EnsembleConfig | undefined;
  readonly leader: MemberId | undefined;
}

export type SimEvent =
  | { readonly kind: 'elect' }
  | { readonly kind: 'sync'; readonly id: MemberId }
  | { readonly kind: 'fail'; readonly id: MemberId }
  | { readonly kind: 'wipe'; readonly id: MemberId };

export const FIRST_CONFIG_VERSION = 0x100000000n;

export function voters(config: EnsembleConfig | undefined): MemberId[] {
  return (config?.members ?? []).filter((m) => m.role === 'participant').map((m) => m.id);
}

export function roleIn(config: EnsembleConfig | undefined, id: MemberId): Role | undefined {
  return config?.members.find((m) => m.id === id)?.role;
}

export function simMember(e: SimEnsemble, id: MemberId): SimMember | undefined {
  return e.members.find((m) => m.id === id);
}

export function healthy(e: SimEnsemble, id: MemberId): boolean {
  const m = simMember(e, id);
  return e.leader !== undefined && m?.running === true && m.serving && m.synced;
}

function majority(n: number): number {
  return Math.floor(n / 2) + 1;
}

function put(e: SimEnsemble, m: SimMember): SimEnsemble {
  const members = [...e.members.filter((x) => x.id !== m.id), m].sort((a, b) => a.id - b.id);
  return { ...e, members };
}

function down(m: SimMember): SimMember {
  return { ...m, running: false, serving: false, synced: false };
}

/** The leader keeps its role only while a majority of the committed voters runs. */
export function settleLeadership(e: SimEnsemble): SimEnsemble {
  if (e.leader === undefined || !e.committed) return e;
  const vs = voters(e.committed);
  const running = vs.filter((id) => simMember(e, id)?.running).length;
  const leaderRuns = simMember(e, e.leader)?.running === true && vs.includes(e.leader);
  if (leaderRuns && running >= majority(vs.length)) return e;
  return {
    ...e,
    leader: undefined,
    members: e.members.map((m) => ({ ...m, serving: false, synced: false })),
  };
}

export function observe(e: SimEnsemble): Observation {
  const members: MemberObservation[] = e.members.map((m) => {
    const role = roleIn(e.committed, m.id);
    const serving = m.running && m.serving && e.leader !== undefined;
    const mode = !serving
      ? 'looking'
      : m.id === e.leader
        ? 'leader'
        : role === 'participant'
          ? 'follower'
          : 'observer';
    return {
      id: m.id,
      running: m.running,
      serving,
      mode,
      synced: serving && m.synced,
      version: m.version,
      configHash: m.configHash,
      restartToken: m.restartToken,
      quorumTls: m.quorumTls,
      quorumSasl: m.quorumSasl,
      config: m.config,
      storage: m.storage,
      dataLost: m.dataLost,
      ...(m.running && m.restartNeeded !== undefined ? { restartNeeded: m.restartNeeded } : {}),
      ...(m.addressStale !== undefined ? { addressStale: m.addressStale } : {}),
    };
  });
  const live = e.leader !== undefined && e.committed !== undefined;
  const source = live ? e.committed : e.recorded;
  return {
    members,
    config: source ? { ...source, live } : undefined,
    leader: live ? e.leader : undefined,
  };
}

/** What a platform does after observing: it records the live config. */
export function recordConfig(e: SimEnsemble): SimEnsemble {
  return e.leader !== undefined && e.committed ? { ...e, recorded: e.committed } : e;
}

function started(
  e: SimEnsemble,
  id: MemberId,
  config: EnsembleConfig,
  { quorumTls, quorumSasl }: MemberStages,
  desired: Desired,
): SimEnsemble {
  const before = simMember(e, id);
  const m: SimMember = {
    id,
    running: true,
    serving: false,
    synced: false,
    version: desired.version,
    configHash: desired.configHash,
    restartToken: desired.restartToken,
    quorumTls,
    quorumSasl,
    config,
    storage: before && before.storage !== 'none' ? before.storage : 'empty',
    dataLost: before?.dataLost ?? false,
  };
  const next = put(e, m);
  return next.committed || next.recorded ? next : { ...next, recorded: config };
}

/**
 * Whether a member's acknowledgement counts towards a new config, as ZooKeeper's leader counts them:
 * only members synced as followers send acknowledgements, and a member follows (voting or not) when
 * the config it holds does not list it as an observer; an observer never acknowledges.
 */
function acknowledges(e: SimEnsemble, id: MemberId): boolean {
  const m = simMember(e, id);
  // A member its own config does not list (a joiner that adopted the leader's) follows without a vote.
  return m !== undefined && healthy(e, id) && roleIn(m.config, id) !== 'observer';
}

function reconfigured(e: SimEnsemble, kind: string, id: MemberId, role: Role | undefined): SimEnsemble {
  const committed = e.committed;
  if (!committed || e.leader === undefined) return e;
  const present = committed.members.some((m) => m.id === id);
  const rest: ConfigMember[] = committed.members.filter((m) => m.id !== id);
  let members: ConfigMember[];
  if (kind === 'remove') {
    if (!present) return e;
    members = rest;
  } else if (kind === 'readdress') {
    // The same members and roles under a new version; the member's line is rewritten.
    if (!present || role !== roleIn(committed, id)) return e;
    members = committed.members.map((m) => ({ ...m }));
  } else {
    if ((kind === 'add') === present || role === undefined) return e;
    if (!healthy(e, id)) return e;
    members = [...rest, { id, role }].sort((a, b) => a.id - b.id);
  }
  const config: EnsembleConfig = { version: committed.version + 1n, members };
  const newVoters = voters(config);
  if (newVoters.filter((v) => acknowledges(e, v)).length < majority(newVoters.length)) return e;
  const leader = newVoters.includes(e.leader) ? e.leader : newVoters.find((v) => healthy(e, v));
  return {
    ...e,
    committed: config,
    leader,
    members: e.members.map((m) => {
      const rejoined = kind === 'add' && m.id === id ? { dataLost: false } : {};
      const { addressStale: _, ...readdressed } = m;
      const member = kind === 'readdress' && m.id === id ? readdressed : m;
      return member.running && member.serving ? { ...member, ...rejoined, config } : member;
    }),
  };
}

/** Executes a step as a platform would; `interrupted` stops a restart halfway, as a crash would. */
export function applyStep(e: SimEnsemble, step: Step, desired: Desired, interrupted = false): SimEnsemble {
  switch (step.type) {
    case 'StartMember':
      if (simMember(e, step.id)?.running) return e;
      return settleLeadership(started(e, step.id, step.options.config, step.options, desired));
    case 'RestartMember': {
      const m = simMember(e, step.id);
      // The others notice the member is gone (and elect a leader if it led) before it is back.
      const stopped = m ? electIfPossible(settleLeadership(put(e, down(m)))) : e;
      return interrupted ? stopped : started(stopped, step.id, step.config, step, desired);
    }
    case 'StopMember': {
      const m = simMember(e, step.id);
      return m ? settleLeadership(put(e, down(m))) : e;
    }
    case 'DeleteStorage': {
      const m = simMember(e, step.id);
      if (!m || m.running) return e;
      return { ...e, members: e.members.filter((x) => x.id !== step.id) };
    }
    case 'Reconfigure':
      if (e.committed?.version !== step.fromVersion) return e;
      return reconfigured(e, step.kind, step.id, step.role);
    default:
      return e;
  }
}

/** Members talk on the quorum when they are at most one stage apart in quorum TLS and in quorum SASL. */
export const reaches = (a: MemberStages, b: MemberStages): boolean =>
  compatibleStages(a.quorumTls, b.quorumTls) && compatibleSaslStages(a.quorumSasl, b.quorumSasl);

function listsItself(m: SimMember): boolean {
  return m.config.members.some((c) => c.id === m.id);
}

/** Outside the committed config and holding it: it follows the leader without a vote. */
function adopted(e: SimEnsemble, m: SimMember): boolean {
  return e.committed !== undefined && m.config.version === e.committed.version && !listsItself(m);
}

/**
 * ZooKeeper's election: a server outside the committed config follows the leader only once a quorum
 * of the voters its own config lists follows it (its own vote goes to itself). A config older than
 * the committed one is replaced by the leader's first, where the leader alone suffices.
 */
function findsLeader(e: SimEnsemble, m: SimMember): boolean {
  const leader = e.leader === undefined ? undefined : simMember(e, e.leader);
  if (leader && !reaches(leader, m)) return false;
  if (!e.committed || roleIn(e.committed, m.id) !== undefined) return true;
  if (m.config.version < e.committed.version) return true;
  const view = voters(m.config);
  return view.filter((v) => v !== m.id && healthy(e, v)).length >= majority(view.length);
}

/** The first running voter that reaches a majority of the voters (itself included) at a compatible stage. */
function electable(e: SimEnsemble, config: EnsembleConfig | undefined): MemberId | undefined {
  const vs = voters(config);
  const running = vs.flatMap((id) => {
    const m = simMember(e, id);
    return m?.running ? [m] : [];
  });
  return running.find((c) => running.filter((m) => reaches(c, m)).length >= majority(vs.length))?.id;
}

/** Progress the world can make by itself (elections, syncs) and faults (`fail`, `wipe`). */
export function progressEvents(e: SimEnsemble): SimEvent[] {
  const events: SimEvent[] = [];
  if (e.leader === undefined) {
    const config = e.committed ?? e.recorded;
    if (config && electable(e, config) !== undefined) events.push({ kind: 'elect' });
    return events;
  }
  for (const m of e.members) {
    if (m.running && !(m.serving && m.synced) && (listsItself(m) || adopted(e, m)) && findsLeader(e, m))
      events.push({ kind: 'sync', id: m.id });
  }
  return events;
}

export function faultEvents(e: SimEnsemble): SimEvent[] {
  const events: SimEvent[] = [];
  for (const m of e.members) {
    if (m.running) events.push({ kind: 'fail', id: m.id });
    else if (m.storage === 'data') events.push({ kind: 'wipe', id: m.id });
  }
  return events;
}

export function applyEvent(e: SimEnsemble, event: SimEvent): SimEnsemble {
  switch (event.kind) {
    case 'elect': {
      const config = e.committed ?? e.recorded;
      if (!config) return e;
      const leader = electable(e, config);
      if (leader === undefined) return e;
      const committed = e.committed ?? { ...config, version: FIRST_CONFIG_VERSION };
      const withLeader = { ...e, committed, leader };
      return applyEvent(withLeader, { kind: 'sync', id: leader });
    }
    case 'sync': {
      const m = simMember(e, event.id);
      if (!m?.running || e.leader === undefined || !e.committed) return e;
      const inConfig = e.committed.members.some((c) => c.id === m.id);
      const config = inConfig || m.config.version < e.committed.version ? e.committed : m.config;
      return put(e, { ...m, serving: true, synced: true, storage: 'data', config });
    }
    case 'fail': {
      const m = simMember(e, event.id);
      return m ? settleLeadership(put(e, down(m))) : e;
    }
    case 'wipe': {
      const m = simMember(e, event.id);
      if (!m || m.running) return e;
      return put(e, { ...m, storage: 'empty', dataLost: roleIn(e.committed, m.id) !== undefined });
    }
  }
}

function electIfPossible(e: SimEnsemble): SimEnsemble {
  return progressEvents(e).some((event) => event.kind === 'elect') ? applyEvent(e, { kind: 'elect' }) : e;
}

/** Lets the world make all the progress it can without faults. */
export function settle(e: SimEnsemble): SimEnsemble {
  let current = e;
  for (let i = 0; i < 50; i++) {
    const event = progressEvents(current)[0];
    if (!event) return current;
    current = applyEvent(current, event);
  }
  return current;
}
