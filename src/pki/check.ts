/**
 * Whether a certificate, its key and its CA can serve members of an ensemble: what zkop checks before
 * any member gets a certificate it did not issue itself (the user's Secret, cert-manager's), so that
 * nothing is rolled onto a certificate ZooKeeper would refuse or that would lock peers out.
 */
import { createPrivateKey, X509Certificate } from 'node:crypto';
import type { SubjectNames } from './extensions.ts';

export interface CertificateFiles {
  /** PEM: the certificate, then any intermediates. */
  readonly certificate: string;
  /** PEM. */
  readonly privateKey: string;
  /** PEM: the CA that signed the chain. */
  readonly ca: string;
}

const PKCS8 = /^-----BEGIN PRIVATE KEY-----/m;
const CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

const pemCertificates = (text: string): string[] => text.match(CERTIFICATE) ?? [];

/**
 * Why `files` cannot serve as a member certificate named `names` at `now`; undefined when it can.
 * Members serve and dial peers with the same certificate, so it must allow both uses.
 */
export function memberCertificateProblem(
  files: CertificateFiles,
  names: SubjectNames,
  now: Date,
): string | undefined {
  const [leafPem, ...intermediates] = pemCertificates(files.certificate);
  const cas = pemCertificates(files.ca);
  if (!leafPem) return 'tls.crt holds no PEM certificate';
  if (cas.length === 0) return 'ca.crt holds no PEM certificate';
  if (!PKCS8.test(files.privateKey))
    return 'tls.key is not an unencrypted PKCS#8 key (BEGIN PRIVATE KEY), which ZooKeeper needs; convert it with openssl pkcs8 -topk8 -nocrypt';
  let leaf: X509Certificate;
  try {
    leaf = new X509Certificate(leafPem);
  } catch (error) {
    return `tls.crt cannot be read: ${(error as Error).message}`;
  }
  try {
    if (!leaf.checkPrivateKey(createPrivateKey(files.privateKey)))
      return 'tls.key is not the key of the certificate in tls.crt';
  } catch (error) {
    return `tls.key cannot be read: ${(error as Error).message}`;
  }
  if (now < leaf.validFromDate)
    return `the certificate is not valid before ${leaf.validFromDate.toISOString()}`;
  if (now > leaf.validToDate) return `the certificate expired at ${leaf.validToDate.toISOString()}`;
  if (!signedBy([leafPem, ...intermediates], cas))
    return 'the certificate in tls.crt is not signed by the CA in ca.crt (through the chain tls.crt holds)';
  const usages = leaf.keyUsage;
  if (usages && !(usages.includes('1.3.6.1.5.5.7.3.1') && usages.includes('1.3.6.1.5.5.7.3.2')))
    return 'the certificate must allow both server and client authentication: members serve and dial peers with it';
  const missing = [
    ...names.dnsNames.filter((n) => leaf.checkHost(n, { subject: 'never' }) === undefined),
    ...names.ipAddresses.filter((ip) => leaf.checkIP(ip) === undefined),
  ];
  if (missing.length > 0) return `the certificate does not name ${missing.join(', ')}`;
  return undefined;
}

/** Each certificate of the chain is signed by the next, and the last by one of the CAs. */
function signedBy(chain: readonly string[], cas: readonly string[]): boolean {
  const certs = chain.map((pem) => new X509Certificate(pem));
  const authorities = cas.map((pem) => new X509Certificate(pem));
  for (let i = 0; i + 1 < certs.length; i++) {
    const [child, parent] = [certs[i], certs[i + 1]];
    if (!child || !parent || !verified(child, parent)) return false;
  }
  const last = certs.at(-1);
  return last !== undefined && authorities.some((ca) => verified(last, ca));
}

const verified = (child: X509Certificate, parent: X509Certificate): boolean =>
  child.checkIssued(parent) && child.verify(parent.publicKey);
