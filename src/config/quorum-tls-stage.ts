/**
 * The stages between plain and TLS-only quorum connections. Members at neighbouring stages talk to
 * each other, members two stages apart do not, so a running ensemble moves one stage per rolling
 * restart (the order ZooKeeper's admin guide gives): `portUnification` on with the TLS stores ->
 * `sslQuorum` on -> `portUnification` off, and back the same way.
 */
export const QUORUM_TLS_STAGES = ['plaintext', 'accept-tls', 'dial-tls', 'tls'] as const;

/**
 * - plaintext: no quorum TLS;
 * - accept-tls: accepts TLS and plain connections (`portUnification`), dials plain;
 * - dial-tls: accepts both, dials TLS (`sslQuorum` too);
 * - tls: TLS only (`sslQuorum`).
 */
export type QuorumTlsStage = (typeof QUORUM_TLS_STAGES)[number];

export interface QuorumTlsSettings {
  /** `ssl.quorum.*` key and trust stores are configured. */
  readonly stores: boolean;
  readonly portUnification: boolean;
  readonly sslQuorum: boolean;
}

export function quorumTlsSettings(stage: QuorumTlsStage): QuorumTlsSettings {
  return {
    stores: stage !== 'plaintext',
    portUnification: stage === 'accept-tls' || stage === 'dial-tls',
    sslQuorum: stage === 'dial-tls' || stage === 'tls',
  };
}

/** The stage a spec asks for once any staged change is done. */
export const finalQuorumTlsStage = (quorumTlsEnabled: boolean): QuorumTlsStage =>
  quorumTlsEnabled ? 'tls' : 'plaintext';

export const isQuorumTlsStage = (text: string): text is QuorumTlsStage =>
  (QUORUM_TLS_STAGES as readonly string[]).includes(text);
