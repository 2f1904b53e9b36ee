/**
 * The Secrets and cert-manager Certificates of an ensemble's TLS. Members mount one Secret,
 * `<name>-tls`, which zkop writes itself: from its own CA, or as a copy of the user's or
 * cert-manager's certificate once zkop has checked it, so no member ever gets a certificate that
 * would lock it or its peers out. `<name>-client-tls` is a client certificate for applications and
 * for zkop's own connections.
 */
import type { KubernetesObject, V1Secret } from '@kubernetes/client-node';
import type { CertificateFiles } from '../../../pki/index.ts';
import { memberCertificateNames } from './certificate-names.ts';
import type { RenderContext } from './context.ts';
import { objectMeta } from './metadata.ts';

export const CA_KEYS = { certificate: 'ca.crt', privateKey: 'ca.key' } as const;
export const TLS_KEYS = { certificate: 'tls.crt', privateKey: 'tls.key', ca: 'ca.crt' } as const;

const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

export function renderTlsSecret(ctx: RenderContext, name: string, files: CertificateFiles): V1Secret {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: objectMeta(ctx, name, 'tls'),
    type: 'kubernetes.io/tls',
    data: {
      [TLS_KEYS.certificate]: base64(files.certificate),
      [TLS_KEYS.privateKey]: base64(files.privateKey),
      [TLS_KEYS.ca]: base64(files.ca),
    },
  };
}

export function renderCaSecret(
  ctx: RenderContext,
  ca: { certificate: string; privateKey: string },
): V1Secret {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: objectMeta(ctx, ctx.names.caSecret, 'tls'),
    type: 'Opaque',
    data: { [CA_KEYS.certificate]: base64(ca.certificate), [CA_KEYS.privateKey]: base64(ca.privateKey) },
  };
}

/** The text of each key of a Secret as read from the API server. */
export function secretText(secret: V1Secret | undefined, key: string): string | undefined {
  const data = secret?.data?.[key];
  return data === undefined ? undefined : Buffer.from(data, 'base64').toString('utf8');
}

export function certificateFilesOf(secret: V1Secret | undefined): CertificateFiles | undefined {
  const certificate = secretText(secret, TLS_KEYS.certificate);
  const privateKey = secretText(secret, TLS_KEYS.privateKey);
  const ca = secretText(secret, TLS_KEYS.ca);
  return certificate && privateKey && ca ? { certificate, privateKey, ca } : undefined;
}

/** The Secret cert-manager writes the members' certificate to; zkop copies it once checked. */
export const issuedSecretName = (ctx: RenderContext): string => `${ctx.names.tlsSecret}-issued`;

interface Certificate extends KubernetesObject {
  readonly spec: Record<string, unknown>;
}

/** cert-manager Certificates for the members and for clients, when `spec.tls.issuerRef` names an issuer. */
export function renderCertificates(ctx: RenderContext): Certificate[] {
  const issuer = ctx.spec.tls.issuerRef;
  if (!issuer) return [];
  const common = {
    issuerRef: { kind: issuer.kind, name: issuer.name, group: issuer.group },
    privateKey: { algorithm: 'ECDSA', size: 256, encoding: 'PKCS8', rotationPolicy: 'Always' },
    duration: '2160h',
    renewBefore: '720h',
    secretTemplate: { labels: objectMeta(ctx, '', 'tls').labels ?? {} },
  };
  const names = memberCertificateNames(ctx);
  const certificate = (name: string, spec: Record<string, unknown>): Certificate => ({
    apiVersion: 'cert-manager.io/v1',
    kind: 'Certificate',
    metadata: objectMeta(ctx, name, 'tls'),
    spec: { ...common, ...spec },
  });
  return [
    certificate(ctx.names.certificate, {
      secretName: issuedSecretName(ctx),
      commonName: ctx.name,
      dnsNames: names.dnsNames,
      ipAddresses: names.ipAddresses,
      usages: ['digital signature', 'key encipherment', 'server auth', 'client auth'],
    }),
    certificate(ctx.names.clientCertificate, {
      secretName: ctx.names.clientTlsSecret,
      commonName: `${ctx.name}-client`,
      usages: ['digital signature', 'key encipherment', 'client auth'],
    }),
  ];
}
