/**
 * Turning quorum SASL on or off in a running ensemble, like quorum TLS (quorum-tls.ts): one stage per
 * roll (config/auth-stage.ts), every member before any goes further, the stage read from how each
 * member was started.
 */
import { QUORUM_SASL_STAGES, type QuorumSaslStage } from '../config/auth-stage.ts';
import { neighbouringStages, stageTarget } from './stage-target.ts';
import type { Desired, MemberObservation } from './types.ts';

/** Whether members at `a` and `b` can authenticate each other. */
export const compatibleSaslStages = (a: QuorumSaslStage, b: QuorumSaslStage): boolean =>
  neighbouringStages(QUORUM_SASL_STAGES, a, b);

/** The quorum SASL stage members started now run at (stage-target.ts). */
export const quorumSaslTarget = (desired: Desired, members: readonly MemberObservation[]): QuorumSaslStage =>
  stageTarget(QUORUM_SASL_STAGES, 'quorumSasl', desired, members);

const STAGE_CHANGES: Readonly<Record<string, string>> = {
  'off>enabled': 'quorum SASL stage 1 of 3: learners authenticate (quorum.auth.enableSasl)',
  'enabled>learners-require': 'quorum SASL stage 2 of 3: learners require it (learnerRequireSasl)',
  'learners-require>servers-require': 'quorum SASL stage 3 of 3: servers require it (serverRequireSasl)',
  'servers-require>learners-require': 'quorum SASL stage 1 of 3 (turning it off): serverRequireSasl off',
  'learners-require>enabled': 'quorum SASL stage 2 of 3 (turning it off): learnerRequireSasl off',
  'enabled>off': 'quorum SASL stage 3 of 3 (turning it off): enableSasl off',
};

/** `auth: quorum SASL stage 2 of 3: ...`, for a member moving from `from` to `to`. */
export function saslStageChange(from: QuorumSaslStage, to: QuorumSaslStage): string {
  return `auth: ${STAGE_CHANGES[`${from}>${to}`] ?? `quorum SASL from ${from} to ${to}`}`;
}
