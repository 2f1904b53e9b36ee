/** Certificates for TLS: an ensemble's CA, member and client certificates, their lifetimes. */
export { type CertificateFiles, memberCertificateProblem } from './check.ts';
export {
  CA_VALIDITY_DAYS,
  type CaRef,
  caCommonName,
  issueClientCertificate,
  issueMemberCertificate,
  type KeyAndCertificate,
  keyStorePem,
  LEAF_VALIDITY_DAYS,
  newCertificateAuthority,
} from './ensemble-pki.ts';
export type { SubjectNames } from './extensions.ts';
export {
  type CertificateDates,
  certificateDates,
  type Lifetime,
  lifetimeOf,
  RENEW_AT_FRACTION,
  renewalDue,
  renewalTime,
} from './lifetime.ts';
