/**
 * The lifecycle invariants of DESIGN.md as checks on one executed step of a simulated ensemble:
 * each returns what was broken, or undefined.
 */

import { QUORUM_SASL_STAGES } from '../../config/auth-stage.ts';
import { QUORUM_TLS_STAGES } from '../../config/quorum-tls-stage.ts';
import { atCurrentStage } from '../current-stage.ts';
import { quorum } from '../quorum.ts';
import { isStale, joinerConfig, joinerRole, wantedRoles } from '../situation.ts';
import { neighbouringStages } from '../stage-target.ts';
import type { Desired, EnsembleConfig, MemberStages, Observation, Step } from '../types.ts';
import { healthy, roleIn, type SimEnsemble, simMember, voters } from './simulated-ensemble.ts';

export interface Executed {
  readonly desired: Desired;
  readonly before: SimEnsemble;
  readonly observation: Observation;
  readonly step: Step;
  readonly after: SimEnsemble;
}

function healthyVoters(e: SimEnsemble): number {
  return voters(e.committed).filter((id) => healthy(e, id)).length;
}

function hasWorkingQuorum(e: SimEnsemble): boolean {
  const n = voters(e.committed).length;
  return e.leader !== undefined && n > 0 && healthyVoters(e) >= quorum(n);
}

function takesDown(step: Step): number | undefined {
  return step.type === 'StopMember' || step.type === 'RestartMember' ? step.id : undefined;
}

/** 1. No step leaves fewer than a quorum of committed voters serving; one member down on purpose at most. */
export function quorumKept(x: Executed): string | undefined {
  if (!hasWorkingQuorum(x.before)) return undefined;
  const id = takesDown(x.step);
  const onlyVoter = voters(x.before.committed).length === 1 && x.step.type === 'RestartMember';
  if (!hasWorkingQuorum(x.after) && !onlyVoter) return `quorum lost by ${JSON.stringify(x.step, bigints)}`;
  if (id !== undefined && healthy(x.before, id) && roleIn(x.before.committed, id) !== undefined) {
    const otherDown = x.before.committed?.members.find((c) => c.id !== id && !healthy(x.before, c.id));
    if (otherDown) return `member ${id} taken down while member ${otherDown.id} is down`;
  }
  return undefined;
}

function sameMembers(a: EnsembleConfig, b: EnsembleConfig): boolean {
  const key = (c: EnsembleConfig): string => c.members.map((m) => `${m.id}:${m.role}`).join(',');
  return key(a) === key(b) && a.version === b.version;
}

/** 2. Membership changes are conditional reconfigs from the observed version, one member at a time. */
export function reconfigChecked(x: Executed): string | undefined {
  if (x.step.type === 'Reconfigure' && x.step.fromVersion !== x.observation.config?.version) {
    return `reconfig from version ${x.step.fromVersion} while the observed config is ${x.observation.config?.version}`;
  }
  const a = x.before.committed;
  const b = x.after.committed;
  if (a && b && a.version !== b.version) {
    if (x.step.type !== 'Reconfigure') return `config changed by ${x.step.type}`;
    const changed = new Set([...a.members, ...b.members].map((m) => m.id));
    const same = [...changed].filter((id) => roleIn(a, id) === roleIn(b, id));
    // A readdress rewrites one member's line and changes no role.
    const roleChanges = x.step.kind === 'readdress' ? 0 : 1;
    if (changed.size - same.length !== roleChanges) return 'a reconfig changed more than one member';
  }
  return undefined;
}

/**
 * 3. One joiner at a time starts with the committed config plus itself, as an observer except the
 * one joiner whose vote the new config needs, which starts as a participant; it is added only once
 * synced; two joiners are never listed as participants.
 */
export function joinersSafe(x: Executed): string | undefined {
  const committed = x.before.committed;
  if (!committed) return undefined;
  const s = x.step;
  const wanted = wantedRoles(x.desired);
  if ((s.type === 'StartMember' || s.type === 'RestartMember') && roleIn(committed, s.id) === undefined) {
    const role = joinerRole(committed, s.id, wanted.get(s.id));
    const config = s.type === 'StartMember' ? s.options.config : s.config;
    if (s.type === 'StartMember' && s.options.asObserver !== (role === 'observer'))
      return `joiner ${s.id} started as ${s.options.asObserver ? 'observer' : 'participant'}, not ${role}`;
    if (!sameMembers(config, joinerConfig(committed, s.id, role)))
      return `joiner ${s.id} started with another config`;
  }
  if (s.type === 'StartMember' && roleIn(committed, s.id) === undefined) {
    const other = x.before.members.find(
      (m) => m.id !== s.id && m.running && wanted.has(m.id) && roleIn(committed, m.id) === undefined,
    );
    if (other) return `joiner ${s.id} started while joiner ${other.id} is not added yet`;
  }
  if (s.type === 'Reconfigure' && (s.kind === 'add' || s.kind === 'promote') && !healthy(x.before, s.id)) {
    return `member ${s.id} made ${s.role} before it synced`;
  }
  const participantJoiners = x.after.members.filter(
    (m) =>
      m.running && roleIn(x.after.committed, m.id) === undefined && roleIn(m.config, m.id) === 'participant',
  );
  if (participantJoiners.length > 1)
    return `joiners ${participantJoiners.map((m) => m.id)} run as participants`;
  return undefined;
}

/** 4. A member is stopped only outside the committed config; storage goes after, as the policy says. */
export function removedBeforeStopped(x: Executed): string | undefined {
  const s = x.step;
  if (s.type === 'StopMember' && roleIn(x.before.committed, s.id) !== undefined) {
    return `member ${s.id} stopped while in the committed config`;
  }
  if (s.type === 'DeleteStorage') {
    if (roleIn(x.before.committed, s.id) !== undefined) return `storage of committed member ${s.id} deleted`;
    if (simMember(x.before, s.id)?.running) return `storage of running member ${s.id} deleted`;
    if (x.desired.removedStorage !== 'delete') return `storage of member ${s.id} deleted against the policy`;
    if (wantedRoles(x.desired).has(s.id)) return `storage of wanted member ${s.id} deleted`;
  }
  return undefined;
}

/** 5. The leader's turn in a roll comes last: restarted or demoted only when no other member is stale. */
export function leaderLast(x: Executed): string | undefined {
  const s = x.step;
  const leader = x.before.leader;
  const rollsLeader =
    (s.type === 'RestartMember' && s.id === leader) ||
    (s.type === 'Reconfigure' &&
      (s.kind === 'demote' ||
        (s.kind === 'remove' && !x.observation.members.some((m) => m.id === leader && m.dataLost))) &&
      s.id === leader &&
      wantedRoles(x.desired).get(s.id) === 'participant');
  if (!rollsLeader) return undefined;
  const now = atCurrentStage(x.desired, x.observation);
  const other = x.observation.members.find(
    (m) => m.id !== leader && roleIn(x.before.committed, m.id) !== undefined && isStale(m, now),
  );
  return other ? `leader ${leader} rolled before member ${other.id}` : undefined;
}

/**
 * A change made one stage per roll: no step leaves two running members more than one stage apart
 * (they could not talk), and a member is started only one stage from where it ran.
 */
function stagedBy<K extends keyof MemberStages>(what: string, key: K, stages: readonly MemberStages[K][]) {
  const apart = (a: MemberStages, b: MemberStages) => !neighbouringStages(stages, a[key], b[key]);
  return (x: Executed): string | undefined => {
    const s = x.step;
    if (s.type === 'RestartMember') {
      const was = simMember(x.before, s.id);
      if (was && apart(was, s))
        return `member ${s.id} restarted from ${what} stage ${was[key]} straight to ${s[key]}`;
    }
    const running = x.after.members.filter((m) => m.running);
    for (const a of running) {
      const b = running.find((m) => apart(a, m));
      if (b) return `members ${a.id} (${a[key]}) and ${b.id} (${b[key]}) run two ${what} stages apart`;
    }
    return undefined;
  };
}

const tlsStaged = stagedBy('quorum TLS', 'quorumTls', QUORUM_TLS_STAGES);
const saslStaged = stagedBy('quorum SASL', 'quorumSasl', QUORUM_SASL_STAGES);
export const quorumTlsStaged = (x: Executed): string | undefined => tlsStaged(x);
export const quorumSaslStaged = (x: Executed): string | undefined => saslStaged(x);

export const INVARIANT_CHECKS = [
  quorumKept,
  reconfigChecked,
  joinersSafe,
  removedBeforeStopped,
  leaderLast,
  quorumTlsStaged,
  quorumSaslStaged,
];

export interface Violation {
  /** The name of the check that failed, e.g. `quorumKept`. */
  readonly check: string;
  readonly message: string;
}

export function violations(x: Executed): Violation[] {
  const found: Violation[] = [];
  for (const check of INVARIANT_CHECKS) {
    const message = check(x);
    if (message !== undefined) found.push({ check: check.name, message });
  }
  return found;
}

export function bigints(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString(16) : value;
}
