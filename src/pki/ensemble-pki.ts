/**
 * The certificates of one ensemble: its own CA, a certificate per member (server and client use,
 * named by every name and address the member is reached at) and client certificates for
 * applications and zkop itself. Keys are new EC P-256 keys; serials are random.
 */
import { randomBytes } from 'node:crypto';
import { issueCertificate } from './certificate.ts';
import type { SubjectNames } from './extensions.ts';
import { newPrivateKey, privateKeyPem, publicKeyOf, readPrivateKey } from './keys.ts';

const DAY_MS = 86_400_000;
/** A CA outlives many member certificates; replacing it means trusting two CAs for a while. */
export const CA_VALIDITY_DAYS = 3650;
/** Members and clients: renewed at two thirds (60 days), as cert-manager does by default. */
export const LEAF_VALIDITY_DAYS = 90;
/** Begins a little before now, for clocks that run behind. */
const BACKDATE_MS = 3_600_000;

/** A certificate and its private key, both PEM. */
export interface KeyAndCertificate {
  readonly certificate: string;
  readonly privateKey: string;
}

/** A positive 16-byte serial. */
function newSerial(): Buffer {
  const serial = randomBytes(16);
  serial[0] = ((serial[0] ?? 0) & 0x7f) | 0x01;
  return serial;
}

function issue(
  profile: 'ca' | 'member' | 'client',
  commonName: string,
  issuer: KeyAndCertificate | 'self',
  issuerName: string,
  now: Date,
  days: number,
  names?: SubjectNames,
): KeyAndCertificate {
  const key = newPrivateKey();
  const signer = issuer === 'self' ? key : readPrivateKey(issuer.privateKey);
  const certificate = issueCertificate({
    profile,
    commonName,
    publicKey: publicKeyOf(key),
    issuer: { commonName: issuerName, privateKey: signer },
    serial: newSerial(),
    notBefore: new Date(now.getTime() - BACKDATE_MS),
    notAfter: new Date(now.getTime() + days * DAY_MS),
    ...(names ? { names } : {}),
  });
  return { certificate, privateKey: privateKeyPem(key) };
}

/** The common name of the CA of ensemble `ensemble`. */
export const caCommonName = (ensemble: string): string => `zkop ${ensemble} CA`.slice(0, 64);

export function newCertificateAuthority(ensemble: string, now: Date): KeyAndCertificate {
  const commonName = caCommonName(ensemble);
  return issue('ca', commonName, 'self', commonName, now, CA_VALIDITY_DAYS);
}

export interface CaRef {
  readonly ensemble: string;
  readonly ca: KeyAndCertificate;
}

/** A member's certificate: it serves clients and peers and dials peers, as any of `names`. */
export function issueMemberCertificate(
  { ensemble, ca }: CaRef,
  commonName: string,
  names: SubjectNames,
  now: Date,
): KeyAndCertificate {
  if (names.dnsNames.length + names.ipAddresses.length === 0) {
    throw new Error(`member certificate ${commonName} needs at least one name or address`);
  }
  return issue('member', commonName, ca, caCommonName(ensemble), now, LEAF_VALIDITY_DAYS, names);
}

/** A client certificate, for applications (and zkop) on a port with `ssl.clientAuth=need`. */
export function issueClientCertificate(
  { ensemble, ca }: CaRef,
  commonName: string,
  now: Date,
): KeyAndCertificate {
  return issue('client', commonName, ca, caCommonName(ensemble), now, LEAF_VALIDITY_DAYS);
}

/**
 * ZooKeeper's PEM key store: the private key and the certificate chain (the certificate, then its
 * CA) in one file.
 */
export const keyStorePem = (pair: KeyAndCertificate, caCertificate: string): string =>
  `${pair.privateKey}${pair.certificate}${caCertificate}`;
