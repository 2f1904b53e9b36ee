/**
 * JVM flags that keep clients out of a member while zkop restores a snapshot into it: ZooKeeper's
 * enforced authentication with the `sasl` scheme, which no client of a zkop ensemble can pass (zkop
 * refuses `spec.auth.client.sasl`), so every client request is answered SESSIONCLOSEDREQUIRESASLAUTH
 * and its connection closed. Four-letter words and the AdminServer (whose restore command authenticates
 * through its own header) keep working. Once client SASL is supported, the fence needs another scheme.
 */
export const RESTORE_FENCE_FLAGS: readonly string[] = [
  '-Dzookeeper.authProvider.sasl=org.apache.zookeeper.server.auth.SASLAuthenticationProvider',
  '-Dzookeeper.enforce.auth.enabled=true',
  '-Dzookeeper.enforce.auth.schemes=sasl',
];
