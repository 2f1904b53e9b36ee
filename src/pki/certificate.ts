/**
 * Issuing an X.509 v3 certificate (RFC 5280): the to-be-signed part encoded in DER here, signed by
 * node:crypto with the issuer's key (ECDSA P-256 or RSA, SHA-256). Pure but for the signature's own
 * randomness: the caller gives the serial and the validity.
 */
import { createPublicKey, type KeyObject, sign } from 'node:crypto';
import {
  bitString,
  explicit,
  integer,
  nullValue,
  oid,
  pem,
  sequence,
  setOf,
  time,
  utf8String,
} from './der.ts';
import { type CertificateProfile, extensions, type SubjectNames } from './extensions.ts';

const COMMON_NAME = '2.5.4.3';
const ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2';
const SHA256_WITH_RSA = '1.2.840.113549.1.1.11';
/** RFC 5280's upper bound of a common name. */
const MAX_COMMON_NAME = 64;

export interface Issuer {
  readonly commonName: string;
  readonly privateKey: KeyObject;
}

export interface CertificateRequest {
  readonly profile: CertificateProfile;
  readonly commonName: string;
  readonly publicKey: KeyObject;
  /** Who signs it; a CA's own certificate names itself, with its own key. */
  readonly issuer: Issuer;
  /** Positive, at most 20 bytes (RFC 5280 4.1.2.2). */
  readonly serial: Uint8Array;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly names?: SubjectNames;
}

const name = (commonName: string): Buffer => {
  if (commonName.length === 0 || commonName.length > MAX_COMMON_NAME) {
    throw new Error(`a certificate's common name has 1 to ${MAX_COMMON_NAME} characters: '${commonName}'`);
  }
  return sequence(setOf(sequence(oid(COMMON_NAME), utf8String(commonName))));
};

function signatureAlgorithm(key: KeyObject): { readonly id: Buffer; readonly rsa: boolean } {
  switch (key.asymmetricKeyType) {
    case 'ec':
      return { id: sequence(oid(ECDSA_WITH_SHA256)), rsa: false };
    case 'rsa':
      return { id: sequence(oid(SHA256_WITH_RSA), nullValue()), rsa: true };
    default:
      throw new Error(`keys of type ${key.asymmetricKeyType} cannot sign zkop's certificates`);
  }
}

/** The certificate as PEM (`-----BEGIN CERTIFICATE-----`). */
export function issueCertificate(request: CertificateRequest): string {
  if (request.serial.length === 0 || request.serial.length > 20 || (request.serial[0] ?? 0) & 0x80) {
    throw new Error('a serial number is 1 to 20 bytes and positive');
  }
  if (request.notAfter <= request.notBefore) throw new Error('a certificate must end after it begins');
  const issuerPublicKey = createPublicKey(request.issuer.privateKey);
  const algorithm = signatureAlgorithm(request.issuer.privateKey);
  const subjectIsRsa = request.publicKey.asymmetricKeyType === 'rsa';
  const tbs = sequence(
    explicit(0, integer(2)),
    integer(request.serial),
    algorithm.id,
    name(request.issuer.commonName),
    sequence(time(request.notBefore), time(request.notAfter)),
    name(request.commonName),
    request.publicKey.export({ type: 'spki', format: 'der' }),
    explicit(
      3,
      extensions({
        profile: request.profile,
        subjectKey: request.publicKey,
        issuerKey: issuerPublicKey,
        names: request.names ?? { dnsNames: [], ipAddresses: [] },
        rsa: subjectIsRsa,
      }),
    ),
  );
  const signature = sign('sha256', tbs, request.issuer.privateKey);
  return pem('CERTIFICATE', sequence(tbs, algorithm.id, bitString(signature)));
}
