/** When a certificate ends and when it is due for renewal, read from the certificate itself. */
import { X509Certificate } from 'node:crypto';

/** Renewed once this fraction of its validity has passed: a third of its life is left to roll it out. */
export const RENEW_AT_FRACTION = 2 / 3;

export interface Lifetime {
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** Upper-case hex, as openssl and node print it. */
  readonly serial: string;
}

export function lifetimeOf(certificatePem: string): Lifetime {
  const cert = new X509Certificate(certificatePem);
  return { notBefore: cert.validFromDate, notAfter: cert.validToDate, serial: cert.serialNumber };
}

export function renewalTime(lifetime: Lifetime): Date {
  const begins = lifetime.notBefore.getTime();
  return new Date(begins + (lifetime.notAfter.getTime() - begins) * RENEW_AT_FRACTION);
}

export const renewalDue = (lifetime: Lifetime, now: Date): boolean =>
  now.getTime() >= renewalTime(lifetime).getTime();

/** A certificate's dates as status shows them (RFC 3339); `renewsAt` only where zkop renews it. */
export interface CertificateDates {
  readonly serial: string;
  readonly notBefore: string;
  readonly notAfter: string;
  readonly renewsAt?: string;
}

export function certificateDates(certificatePem: string, renewedByZkop: boolean): CertificateDates {
  const lifetime = lifetimeOf(certificatePem);
  return {
    serial: lifetime.serial,
    notBefore: lifetime.notBefore.toISOString(),
    notAfter: lifetime.notAfter.toISOString(),
    ...(renewedByZkop ? { renewsAt: renewalTime(lifetime).toISOString() } : {}),
  };
}
