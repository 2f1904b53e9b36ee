/**
 * The zoo.cfg keys of TLS: the Netty connection factory, the secure client port and its stores
 * (`ssl.*`), the quorum's stores (`ssl.quorum.*`, which the AdminServer's HTTPS uses as well) and
 * the quorum stage. Stores are PEM files: the key store holds the key and its chain, the trust
 * store the CA. A renewed certificate is read again from the same files (see ADR 0033).
 */
import type { ResolvedSpec } from '../api/defaults.ts';
import type { VersionInfo } from '../api/versions.ts';
import type { MemberSelf } from './layout.ts';
import { type QuorumTlsStage, quorumTlsSettings } from './quorum-tls-stage.ts';

export const NETTY_SERVER_CNXN_FACTORY = 'org.apache.zookeeper.server.NettyServerCnxnFactory';

type Entry = [string, string | number | boolean];

function stores(prefix: 'ssl' | 'ssl.quorum', files: { keyStore: string; trustStore: string }): Entry[] {
  return [
    [`${prefix}.keyStore.location`, files.keyStore],
    [`${prefix}.keyStore.type`, 'PEM'],
    [`${prefix}.trustStore.location`, files.trustStore],
    [`${prefix}.trustStore.type`, 'PEM'],
  ];
}

/** Whether a member at `stage` with `spec` speaks TLS anywhere (and so needs its certificate files). */
export const usesTls = (spec: ResolvedSpec, stage: QuorumTlsStage): boolean =>
  spec.tls.client.enabled || quorumTlsSettings(stage).stores;

export function tlsEntries(
  spec: ResolvedSpec,
  features: VersionInfo,
  self: MemberSelf,
  stage: QuorumTlsStage,
): Entry[] {
  if (!usesTls(spec, stage)) return [];
  const tls = self.tls;
  if (tls === undefined) throw new Error(`member ${self.id} uses TLS but was given no certificate files`);
  const client = spec.tls.client;
  const quorum = quorumTlsSettings(stage);
  const entries: Entry[] = [['serverCnxnFactory', NETTY_SERVER_CNXN_FACTORY]];
  if (client.enabled) {
    entries.push(
      ['secureClientPort', tls.secureClientPort],
      ['secureClientPortAddress', self.bindAddress],
      ...stores('ssl', tls),
      ['ssl.clientAuth', client.clientAuth],
    );
    if (features.clientCertReload) entries.push(['client.certReload', true]);
  }
  // The quorum stores are there whenever TLS is: the AdminServer takes its HTTPS certificate from them.
  entries.push(
    ['admin.forceHttps', true],
    ...stores('ssl.quorum', tls),
    ...quorumHostnameVerification(features, self.peerAddressesNamed ?? true),
    ['sslQuorumReloadCertFiles', true],
  );
  if (quorum.portUnification) entries.push(['portUnification', true]);
  if (quorum.sslQuorum) entries.push(['sslQuorum', true]);
  return entries;
}

/** Which peer names a member checks on the quorum (MemberSelf.peerAddressesNamed). */
function quorumHostnameVerification(features: VersionInfo, peerAddressesNamed: boolean): Entry[] {
  if (peerAddressesNamed) return [['ssl.quorum.hostnameVerification', true]];
  if (features.quorumClientHostnameVerification)
    return [
      ['ssl.quorum.hostnameVerification', true],
      ['ssl.quorum.clientHostnameVerification', false],
    ];
  return [['ssl.quorum.hostnameVerification', false]];
}
