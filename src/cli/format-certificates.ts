/** One line of an ensemble's certificates, on both platforms: when each expires and is renewed. Pure. */

interface ShownCertificate {
  readonly certificate: string;
  readonly notAfter: string;
  readonly renewsAt?: string | undefined;
}

const day = (time: string) => time.slice(0, 10);

export function certificatesLine(certificates: readonly ShownCertificate[]): string {
  if (certificates.length === 0) return '';
  const shown = certificates.map(
    (c) =>
      `${c.certificate} until ${day(c.notAfter)}${c.renewsAt ? ` (renewed from ${day(c.renewsAt)})` : ''}`,
  );
  return `certificates: ${shown.join(', ')}`;
}
