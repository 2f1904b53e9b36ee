/**
 * For tests of certificate renewal: the serial a TLS port serves, and a member certificate replaced
 * by one issued long ago (as if renewal were due), signed by the ensemble's own CA.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { connect } from 'node:tls';
import { issueMemberCertificate, keyStorePem, lifetimeOf } from '../../src/pki/index.ts';
import { readPair } from '../../src/platform/local/certificates/certificate-files.ts';
import { ensembleClientTls } from '../../src/platform/local/certificates/client-tls.ts';
import { ensembleTlsPaths, memberPaths } from '../../src/platform/local/state/state-layout.ts';

/**
 * The serial of the certificate `127.0.0.1:port` serves, offering the ensemble's client certificate,
 * or member `asMember`'s (a quorum port verifies its peer as a member).
 */
export function servedSerial(
  stateDir: string,
  name: string,
  port: number,
  asMember?: number,
): Promise<string> {
  const tls = ensembleClientTls(stateDir, name);
  if (!tls) throw new Error(`${name} has no CA`);
  const identity =
    asMember === undefined
      ? {}
      : {
          key: readFileSync(memberPaths(stateDir, name, asMember).keyStore),
          cert: readFileSync(memberPaths(stateDir, name, asMember).keyStore),
        };
  return new Promise((resolve, reject) => {
    const socket = connect(
      { host: '127.0.0.1', port, ...tls, ...identity, rejectUnauthorized: false },
      () => {
        resolve(socket.getPeerCertificate().serialNumber);
        socket.destroy();
      },
    );
    socket.once('error', reject);
  });
}

/** Replaces member `id`'s key store with a certificate issued `daysAgo` days ago; returns its serial. */
export function ageMemberCertificate(stateDir: string, name: string, id: number, daysAgo: number): string {
  const paths = ensembleTlsPaths(stateDir, name);
  const ca = readPair(paths.caCert, paths.caKey);
  if (!ca) throw new Error(`${name} has no CA`);
  const issued = new Date(Date.now() - daysAgo * 86_400_000);
  const names = { dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'] };
  const aged = issueMemberCertificate({ ensemble: name, ca }, `aged member ${id}`, names, issued);
  const file = memberPaths(stateDir, name, id).keyStore;
  writeFileSync(`${file}.aged`, keyStorePem(aged, ca.certificate), { mode: 0o600 });
  renameSync(`${file}.aged`, file);
  return lifetimeOf(aged.certificate).serial;
}
