/** What the rules read: the desired shape, the observation, and views derived from both. */

import { needsNewVoterVote } from './quorum.ts';
import { saslStageChange } from './quorum-sasl.ts';
import { stageChange } from './quorum-tls.ts';
import type {
  ConfigMember,
  Desired,
  EnsembleConfig,
  MemberId,
  MemberObservation,
  Mode,
  Observation,
  ObservedConfig,
  Role,
} from './types.ts';

export interface Situation {
  readonly desired: Desired;
  readonly observation: Observation;
  readonly config: ObservedConfig;
  /** The role each wanted member should have. */
  readonly wanted: ReadonlyMap<MemberId, Role>;
  /** Committed voting members. */
  readonly voters: readonly MemberId[];
  readonly leader: MemberId | undefined;
}

/** The members the desired shape asks for: ids 1..replicas vote, the next `observers` ids observe. */
export function wantedRoles(desired: Desired): Map<MemberId, Role> {
  const roles = new Map<MemberId, Role>();
  for (let id = 1; id <= desired.replicas; id++) roles.set(id, 'participant');
  for (let id = desired.replicas + 1; id <= desired.replicas + desired.observers; id++)
    roles.set(id, 'observer');
  return roles;
}

export function situation(desired: Desired, observation: Observation, config: ObservedConfig): Situation {
  return {
    desired,
    observation,
    config,
    wanted: wantedRoles(desired),
    voters: config.members.filter((m) => m.role === 'participant').map((m) => m.id),
    leader: observation.leader,
  };
}

const ABSENT: Omit<MemberObservation, 'id'> = {
  running: false,
  serving: false,
  mode: 'unknown',
  synced: false,
  version: '',
  configHash: '',
  restartToken: '',
  quorumTls: 'plaintext',
  quorumSasl: 'off',
  storage: 'none',
  dataLost: false,
};

export function memberOf(observation: Observation, id: MemberId): MemberObservation {
  return observation.members.find((m) => m.id === id) ?? { id, ...ABSENT };
}

export function isHealthy(m: MemberObservation): boolean {
  return m.running && m.serving && m.synced;
}

export function healthyIn(observation: Observation): (id: MemberId) => boolean {
  return (id) => isHealthy(memberOf(observation, id));
}

export function committedRole(config: EnsembleConfig, id: MemberId): Role | undefined {
  return config.members.find((m) => m.id === id)?.role;
}

/**
 * Started with another version, config, restart token or quorum TLS or SASL stage than desired (the stage of
 * this moment, see current-stage.ts), or needing a restart for the platform.
 */
export function isStale(m: MemberObservation, desired: Desired): boolean {
  return (
    m.version !== desired.version ||
    m.configHash !== desired.configHash ||
    m.restartToken !== desired.restartToken ||
    m.quorumTls !== desired.quorumTls ||
    m.quorumSasl !== desired.quorumSasl ||
    m.restartNeeded !== undefined
  );
}

/** Why a member must be restarted, for status; undefined when it is up to date. */
export function staleReason(m: MemberObservation, desired: Desired): string | undefined {
  if (m.version !== desired.version) return `upgrade member ${m.id} from ${m.version} to ${desired.version}`;
  const stages = [
    ...(m.quorumTls !== desired.quorumTls ? [stageChange(m.quorumTls, desired.quorumTls)] : []),
    ...(m.quorumSasl !== desired.quorumSasl ? [saslStageChange(m.quorumSasl, desired.quorumSasl)] : []),
  ];
  if (stages.length > 0) {
    const alsoConfig = m.configHash !== desired.configHash ? ' with the new configuration' : '';
    return `${stages.join('; ')}, restart member ${m.id}${alsoConfig}`;
  }
  if (m.configHash !== desired.configHash) return `restart member ${m.id} to apply the new configuration`;
  if (m.restartToken !== desired.restartToken) return `restart member ${m.id} as requested`;
  if (m.restartNeeded !== undefined) return `restart member ${m.id}: ${m.restartNeeded}`;
  return undefined;
}

/**
 * The role a joiner lists itself with in the config it starts with. ZooKeeper counts only
 * acknowledgements of members that run as followers towards a new config, and an observer never
 * acknowledges; so the one joiner whose vote a quorum of the new voters needs lists itself as a
 * participant (it syncs as a non-voting follower until added), every other joiner as an observer.
 */
export function joinerRole(config: EnsembleConfig, id: MemberId, wanted: Role | undefined): Role {
  const voters = config.members.filter((m) => m.role === 'participant' && m.id !== id).length;
  return wanted === 'participant' && needsNewVoterVote(voters) ? 'participant' : 'observer';
}

/**
 * The config a joiner starts with: the last committed config plus itself in `role`. A participant
 * joiner's config has no version (0): a server at the committed version that lists itself as a voter
 * would wait for a quorum of that view to follow the leader, which it cannot have when its own vote
 * is needed; with an older version it adopts the leader's config on first contact and, not in that
 * view, follows it as a non-voting follower.
 */
export function joinerConfig(config: EnsembleConfig, id: MemberId, role: Role = 'observer'): EnsembleConfig {
  const members: ConfigMember[] = [...config.members.filter((m) => m.id !== id), { id, role }];
  const version = role === 'participant' ? 0n : config.version;
  return { version, members: members.sort((a, b) => a.id - b.id) };
}

/** A participant joiner that adopted the committed config from the leader, which does not list it. */
export function adoptedCommittedConfig(m: MemberObservation, config: EnsembleConfig): boolean {
  return (
    m.config !== undefined &&
    m.config.version === config.version &&
    committedRole(m.config, m.id) === undefined
  );
}

/** Plain config, without the `live` flag, for steps. */
export function plainConfig(config: EnsembleConfig): EnsembleConfig {
  return { version: config.version, members: config.members };
}

/** The first committed member that should be serving and synced but is not, with why. */
export function firstUnsettled(s: Situation): string | undefined {
  for (const c of s.config.members) {
    if (!s.wanted.has(c.id)) continue;
    const m = memberOf(s.observation, c.id);
    if (!m.running) return `member ${c.id} to run`;
    if (!m.serving) return `member ${c.id} to serve`;
    if (!m.synced) return `member ${c.id} to sync with the leader`;
    // A member whose role a reconfig changed serves on in the old one until it has re-joined.
    const role = servesAs(m.mode);
    if (role && role !== c.role) return `member ${c.id} to serve as ${c.role}`;
  }
  return undefined;
}

const servesAs = (mode: Mode): Role | undefined =>
  mode === 'observer' ? 'observer' : mode === 'leader' || mode === 'follower' ? 'participant' : undefined;

/** Followers (or observers) first by id, the leader last. */
export function leaderLast(ids: readonly MemberId[], leader: MemberId | undefined): MemberId[] {
  return [...ids].sort((a, b) => (a === leader ? 1 : 0) - (b === leader ? 1 : 0) || a - b);
}

/**
 * Why a member that does not serve holds the wrong config to ever serve with: another version than
 * `expected`, or no entry for itself in the role it should have. Undefined when unknown or right.
 */
export function wrongHeldConfig(
  m: MemberObservation,
  expected: EnsembleConfig,
  role: Role,
): string | undefined {
  if (m.serving || !m.running || !m.config) return undefined;
  if (m.config.version !== expected.version) {
    return `member ${m.id} holds config version ${m.config.version.toString(16)}, not ${expected.version.toString(16)}`;
  }
  if (committedRole(m.config, m.id) !== role)
    return `member ${m.id} holds a config that does not list it as ${role}`;
  return undefined;
}

/**
 * Without a quorum the recorded config may predate a reconfig that the platform could not record:
 * the members' own configs are then newer. Ties go to the recorded one.
 */
export function newestKnownConfig(observation: Observation, recorded: ObservedConfig): ObservedConfig {
  let newest = recorded;
  for (const m of observation.members) {
    if (m.config && m.config.version > newest.version) newest = { ...m.config, live: false };
  }
  return newest;
}
