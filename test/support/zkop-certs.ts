/**
 * Certificates made by zkop's own CA code (src/pki) for tests, as files: the CA, a member key store
 * for 127.0.0.1 and localhost (key and chain in one PEM file) and a client certificate and key.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  issueClientCertificate,
  issueMemberCertificate,
  type KeyAndCertificate,
  keyStorePem,
  newCertificateAuthority,
} from '../../src/pki/index.ts';
import type { TlsOptions } from '../../src/zk/tls-options.ts';

export interface ZkopCerts {
  readonly ca: KeyAndCertificate;
  readonly client: KeyAndCertificate;
  readonly files: {
    readonly ca: string;
    readonly memberCert: string;
    readonly memberKey: string;
    readonly keyStore: string;
    readonly clientCert: string;
    readonly clientKey: string;
  };
  /** TLS options trusting the CA, with the client certificate unless `withClientCert` is false. */
  tls(withClientCert?: boolean): TlsOptions;
}

export function makeZkopCerts(dir: string, now = new Date()): ZkopCerts {
  mkdirSync(dir, { recursive: true });
  const ca = newCertificateAuthority('zk', now);
  const ref = { ensemble: 'zk', ca };
  const member = issueMemberCertificate(
    ref,
    'zk member',
    { dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'] },
    now,
  );
  const client = issueClientCertificate(ref, 'zk client', now);
  const write = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text, { mode: 0o600 });
    return path;
  };
  const files = {
    ca: write('ca.crt', ca.certificate),
    memberCert: write('member.crt', member.certificate),
    memberKey: write('member.key', member.privateKey),
    keyStore: write('member.keystore.pem', keyStorePem(member, ca.certificate)),
    clientCert: write('client.crt', client.certificate),
    clientKey: write('client.key', client.privateKey),
  };
  return {
    ca,
    client,
    files,
    tls: (withClientCert = true) => ({
      ca: ca.certificate,
      ...(withClientCert ? { cert: client.certificate, key: client.privateKey } : {}),
    }),
  };
}
