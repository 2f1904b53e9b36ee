/**
 * JVM flags that keep clients out of a member while zkop restores a snapshot into it: ZooKeeper's
 * enforced authentication with the `sasl` scheme, which no client of an ensemble without
 * `spec.auth.client.sasl` can pass, so every client request is answered SESSIONCLOSEDREQUIRESASLAUTH
 * and its connection closed. Four-letter words and the AdminServer (whose restore command authenticates
 * through its own header) keep working. Where clients authenticate with SASL the fence would not hold:
 * zkop restore refuses snapshots there.
 */
export const RESTORE_FENCE_FLAGS: readonly string[] = [
  '-Dzookeeper.authProvider.sasl=org.apache.zookeeper.server.auth.SASLAuthenticationProvider',
  '-Dzookeeper.enforce.auth.enabled=true',
  '-Dzookeeper.enforce.auth.schemes=sasl',
];
