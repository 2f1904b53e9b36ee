/**
 * zkop's CA for a local ensemble: made when TLS is first needed, then the client certificate and
 * each member's certificate (named 127.0.0.1 and localhost, where members listen and are reached)
 * are issued when missing and renewed once due (two thirds of their validity), in place, so that
 * ZooKeeper reloads them without a restart.
 */
import { X509Certificate } from 'node:crypto';
import {
  type CaRef,
  issueClientCertificate,
  issueMemberCertificate,
  keyStorePem,
  lifetimeOf,
  newCertificateAuthority,
  renewalDue,
} from '../../../pki/index.ts';
import type { MemberRecord } from '../state/state.ts';
import { ensembleTlsPaths, memberPaths } from '../state/state-layout.ts';
import {
  firstCertificate,
  readPair,
  readText,
  writeCertificateFile,
  writeKeyFile,
  writePair,
} from './certificate-files.ts';

const describe = (pem: string) => {
  const { serial, notAfter } = lifetimeOf(pem);
  return `serial ${serial}, valid until ${notAfter.toISOString()}`;
};

/** Missing, due for renewal, or not signed by `ca`. */
function needsNew(pem: string | undefined, ca: string, now: Date): boolean {
  if (pem === undefined) return true;
  return renewalDue(lifetimeOf(pem), now) || !new X509Certificate(pem).checkIssued(new X509Certificate(ca));
}

/** The ensemble's CA, made if missing, and its client certificate, issued or renewed; `report` hears what changed. */
export function ensureAuthority(
  stateDir: string,
  name: string,
  now: Date,
  report: (message: string) => void,
): CaRef {
  const paths = ensembleTlsPaths(stateDir, name);
  let ca = readPair(paths.caCert, paths.caKey);
  if (ca === undefined) {
    ca = newCertificateAuthority(name, now);
    writePair(paths.caCert, paths.caKey, ca);
    report(`tls: made the CA of ${name} (${describe(ca.certificate)}) in ${paths.caCert}`);
  } else if (renewalDue(lifetimeOf(ca.certificate), now)) {
    report(
      `tls: the CA of ${name} is past two thirds of its validity (${describe(ca.certificate)}); zkop does not replace CAs yet`,
    );
  }
  const ref = { ensemble: name, ca };
  if (needsNew(readText(paths.clientCert), ca.certificate, now)) {
    const client = issueClientCertificate(ref, `zkop ${name} client`.slice(0, 64), now);
    writePair(paths.clientCert, paths.clientKey, client);
    writeKeyFile(paths.clientKeyStore, keyStorePem(client, ca.certificate));
    report(`tls: issued the client certificate ${paths.clientCert} (${describe(client.certificate)})`);
  }
  return ref;
}

/** The certificate in a member's key store, if it has one. */
export function memberCertificate(stateDir: string, name: string, id: number): string | undefined {
  return firstCertificate(readText(memberPaths(stateDir, name, id).keyStore));
}

/** Issues or renews member `member`'s certificate and writes its key store and trust store. */
export function ensureMemberCertificate(
  stateDir: string,
  ref: CaRef,
  member: MemberRecord,
  now: Date,
  report: (message: string) => void,
): void {
  const paths = memberPaths(stateDir, ref.ensemble, member.id);
  writeCertificateFile(paths.trustStore, ref.ca.certificate);
  const current = memberCertificate(stateDir, ref.ensemble, member.id);
  if (!needsNew(current, ref.ca.certificate, now)) return;
  const names = { dnsNames: ['localhost'], ipAddresses: [member.host] };
  const issued = issueMemberCertificate(
    ref,
    `zkop ${ref.ensemble} member ${member.id}`.slice(0, 64),
    names,
    now,
  );
  writeKeyFile(paths.keyStore, keyStorePem(issued, ref.ca.certificate));
  const verb = current === undefined ? 'issued' : 'renewed';
  report(`tls: ${verb} the certificate of member ${member.id} (${describe(issued.certificate)})`);
}
