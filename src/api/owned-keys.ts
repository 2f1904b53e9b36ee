/**
 * zoo.cfg keys that zkop writes itself and so refuses in `spec.config.extra`: setting them by hand
 * would break membership, reconfiguration, security or the probes (ADR 0011).
 */

/** Keys refused exactly. */
export const OWNED_CONFIG_KEYS = [
  // Typed fields of spec.config: one way to set each.
  'tickTime',
  'initLimit',
  'syncLimit',
  'maxClientCnxns',
  'minSessionTimeout',
  'maxSessionTimeout',
  // Storage and ports.
  'dataDir',
  'dataLogDir',
  'clientPort',
  'secureClientPort',
  'clientPortAddress',
  'secureClientPortAddress',
  'quorumListenOnAllIPs',
  // Membership and reconfiguration.
  'dynamicConfigFile',
  'reconfigEnabled',
  'standaloneEnabled',
  'peerType',
  // Security, health and snapshots.
  'skipACL',
  '4lw.commands.whitelist',
  'serverCnxnFactory',
  'sslQuorum',
  'portUnification',
  'sslQuorumReloadCertFiles',
  'client.portUnification',
  'client.certReload',
  'enforce.auth.enabled',
  'enforce.auth.schemes',
  'sessionRequireClientSASLAuth',
  'superUser',
  'allowSaslFailedClients',
  'serializeLastProcessedZxid.enabled',
] as const;

/** Key prefixes refused: every key starting with one of these. */
export const OWNED_CONFIG_PREFIXES = [
  'autopurge.',
  'server.',
  'group.',
  'weight.',
  'admin.',
  'metricsProvider.',
  'ssl.',
  'authProvider.',
  'quorum.auth.',
  'DigestAuthenticationProvider.',
  'X509AuthenticationProvider.',
] as const;

export function isOwnedConfigKey(key: string): boolean {
  return (
    (OWNED_CONFIG_KEYS as readonly string[]).includes(key) ||
    OWNED_CONFIG_PREFIXES.some((p) => key.startsWith(p))
  );
}
