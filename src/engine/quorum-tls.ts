/**
 * Turning quorum TLS on or off in a running ensemble: members move one stage at a time
 * (config/quorum-tls-stage.ts), every member to the same stage by a roll before any goes further, so
 * no two running members are ever more than one stage apart and every pair can still talk. The stage
 * is read from the members (how each was started), so a killed zkop resumes at the right one.
 */
import { QUORUM_TLS_STAGES, type QuorumTlsStage } from '../config/quorum-tls-stage.ts';
import type { Desired, MemberObservation, Observation } from './types.ts';

const index = (stage: QuorumTlsStage): number => QUORUM_TLS_STAGES.indexOf(stage);
const stageAt = (i: number): QuorumTlsStage => QUORUM_TLS_STAGES[i] ?? 'plaintext';

/** Whether members at `a` and `b` can talk on the quorum. */
export const compatibleStages = (a: QuorumTlsStage, b: QuorumTlsStage): boolean =>
  Math.abs(index(a) - index(b)) <= 1;

/**
 * The stage members started now run at: one stage from where the running members are towards the
 * desired one (of all members, when none runs; the desired one for a new ensemble). Always at most
 * one stage from every running member.
 */
export function quorumTlsTarget(desired: Desired, members: readonly MemberObservation[]): QuorumTlsStage {
  const running = members.filter((m) => m.running);
  const stages = (running.length > 0 ? running : members).map((m) => index(m.quorumTls));
  const goal = index(desired.quorumTls);
  if (stages.length === 0) return desired.quorumTls;
  const lowest = Math.min(...stages);
  const highest = Math.max(...stages);
  if (goal > lowest) return stageAt(Math.min(lowest + 1, goal));
  if (goal < highest) return stageAt(Math.max(highest - 1, goal));
  return desired.quorumTls;
}

/** `desired` with the stage of this moment in place of the final one: what rolls and starts aim at. */
export function atCurrentStage(desired: Desired, observation: Observation): Desired {
  return { ...desired, quorumTls: quorumTlsTarget(desired, observation.members) };
}

const STAGE_CHANGES: Readonly<Record<string, string>> = {
  'plaintext>accept-tls': 'quorum stage 1 of 3: portUnification on with the TLS stores',
  'accept-tls>dial-tls': 'quorum stage 2 of 3: sslQuorum on',
  'dial-tls>tls': 'quorum stage 3 of 3: portUnification off',
  'tls>dial-tls': 'quorum stage 1 of 3 (turning TLS off): portUnification on',
  'dial-tls>accept-tls': 'quorum stage 2 of 3 (turning TLS off): sslQuorum off',
  'accept-tls>plaintext': 'quorum stage 3 of 3 (turning TLS off): TLS stores removed',
};

/** `tls: quorum stage 2 of 3: sslQuorum on`, for a member moving from `from` to `to`. */
export function stageChange(from: QuorumTlsStage, to: QuorumTlsStage): string {
  return `tls: ${STAGE_CHANGES[`${from}>${to}`] ?? `quorum from ${from} to ${to}`}`;
}
