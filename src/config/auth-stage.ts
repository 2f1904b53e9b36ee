/**
 * The stages of client and quorum authentication. Like quorum TLS (quorum-tls-stage.ts), members at
 * neighbouring stages work together and members two stages apart do not, so a running ensemble moves
 * one stage per rolling restart, every member before any goes further:
 *
 * - clients: `open` (no client authentication) -> `accept` (SASL users and x509 known, sessions that
 *   do not authenticate still accepted) -> `enforce` (they are refused). A client that authenticates
 *   fails on an `open` member, one that does not fails on an `enforce` member: never both at once.
 * - quorum (ZooKeeper's documented order): `off` -> `enabled` (`quorum.auth.enableSasl`: learners
 *   authenticate, nothing is required) -> `learners-require` (`learnerRequireSasl`: a learner refuses
 *   a server that does not authenticate) -> `servers-require` (`serverRequireSasl`: a server refuses a
 *   learner that does not). A learner that sends SASL confuses a server with it off.
 */
import type { ResolvedSpec } from '../api/defaults.ts';

export const CLIENT_AUTH_STAGES = ['open', 'accept', 'enforce'] as const;
export const QUORUM_SASL_STAGES = ['off', 'enabled', 'learners-require', 'servers-require'] as const;

export type ClientAuthStage = (typeof CLIENT_AUTH_STAGES)[number];
export type QuorumSaslStage = (typeof QUORUM_SASL_STAGES)[number];

export interface AuthStage {
  readonly client: ClientAuthStage;
  readonly quorum: QuorumSaslStage;
}

export const NO_AUTH: AuthStage = { client: 'open', quorum: 'off' };

/** The stages a spec asks for once any staged change is done. */
export function finalAuthStage(spec: ResolvedSpec): AuthStage {
  const { client, quorum } = spec.auth;
  const schemes = client.sasl || client.x509;
  return {
    client: !schemes ? 'open' : client.allowUnauthenticated ? 'accept' : 'enforce',
    quorum: quorum.sasl ? 'servers-require' : 'off',
  };
}

export interface QuorumSaslSettings {
  readonly enableSasl: boolean;
  readonly learnerRequireSasl: boolean;
  readonly serverRequireSasl: boolean;
}

export function quorumSaslSettings(stage: QuorumSaslStage): QuorumSaslSettings {
  const at = QUORUM_SASL_STAGES.indexOf(stage);
  return { enableSasl: at >= 1, learnerRequireSasl: at >= 2, serverRequireSasl: at >= 3 };
}
