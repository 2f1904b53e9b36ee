/**
 * Turning quorum TLS on or off in a running ensemble: members move one stage at a time
 * (config/quorum-tls-stage.ts), every member to the same stage by a roll before any goes further, so
 * no two running members are ever more than one stage apart and every pair can still talk. The stage
 * is read from the members (how each was started), so a killed zkop resumes at the right one.
 */
import { QUORUM_TLS_STAGES, type QuorumTlsStage } from '../config/quorum-tls-stage.ts';
import { neighbouringStages, stageTarget } from './stage-target.ts';
import type { Desired, MemberObservation } from './types.ts';

/** Whether members at `a` and `b` can talk on the quorum. */
export const compatibleStages = (a: QuorumTlsStage, b: QuorumTlsStage): boolean =>
  neighbouringStages(QUORUM_TLS_STAGES, a, b);

/** The quorum TLS stage members started now run at (stage-target.ts). */
export const quorumTlsTarget = (desired: Desired, members: readonly MemberObservation[]): QuorumTlsStage =>
  stageTarget(QUORUM_TLS_STAGES, 'quorumTls', desired, members);

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
