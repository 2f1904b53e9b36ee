/** The X.509 v3 extensions zkop's certificates carry (RFC 5280 section 4.2), DER-encoded. */
import { createHash, type KeyObject } from 'node:crypto';
import { ascii, boolean, implicitPrimitive, namedBits, octetString, oid, sequence } from './der.ts';
import { ipAddressBytes } from './ip-address.ts';

/** What a certificate is for: a CA signs certificates; a member serves and dials; a client dials. */
export type CertificateProfile = 'ca' | 'member' | 'client';

const OID = {
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  authorityKeyIdentifier: '2.5.29.35',
  extendedKeyUsage: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
} as const;

/** Key usage bits (RFC 5280 4.2.1.3). */
const USAGE = { digitalSignature: 0, keyEncipherment: 2, keyCertSign: 5, cRLSign: 6 } as const;

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return sequence(oid(id), ...(critical ? [boolean(true)] : []), octetString(value));
}

/** A key's identifier: the first 20 bytes of the SHA-256 of its SubjectPublicKeyInfo (RFC 7093). */
export function keyIdentifier(publicKey: KeyObject): Buffer {
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest().subarray(0, 20);
}

export interface SubjectNames {
  readonly dnsNames: readonly string[];
  readonly ipAddresses: readonly string[];
}

function subjectAltName(names: SubjectNames): Buffer {
  return sequence(
    ...names.dnsNames.map((name) => implicitPrimitive(2, ascii(name))),
    ...names.ipAddresses.map((ip) => implicitPrimitive(7, ipAddressBytes(ip))),
  );
}

export interface ExtensionsInput {
  readonly profile: CertificateProfile;
  readonly subjectKey: KeyObject;
  readonly issuerKey: KeyObject;
  readonly names: SubjectNames;
  /** RSA keys also encipher keys in TLS 1.2 RSA key exchange; EC keys only sign. */
  readonly rsa: boolean;
}

export function extensions(input: ExtensionsInput): Buffer {
  const { profile, names } = input;
  const usage: number[] =
    profile === 'ca'
      ? [USAGE.digitalSignature, USAGE.keyCertSign, USAGE.cRLSign]
      : [USAGE.digitalSignature, ...(input.rsa ? [USAGE.keyEncipherment] : [])];
  const purposes =
    profile === 'member' ? [OID.serverAuth, OID.clientAuth] : profile === 'client' ? [OID.clientAuth] : [];
  const hasNames = names.dnsNames.length + names.ipAddresses.length > 0;
  return sequence(
    extension(OID.basicConstraints, true, profile === 'ca' ? sequence(boolean(true)) : sequence()),
    extension(OID.keyUsage, true, namedBits(usage)),
    ...(purposes.length > 0 ? [extension(OID.extendedKeyUsage, false, sequence(...purposes.map(oid)))] : []),
    ...(hasNames ? [extension(OID.subjectAltName, false, subjectAltName(names))] : []),
    extension(OID.subjectKeyIdentifier, false, octetString(keyIdentifier(input.subjectKey))),
    extension(
      OID.authorityKeyIdentifier,
      false,
      sequence(implicitPrimitive(0, keyIdentifier(input.issuerKey))),
    ),
  );
}
