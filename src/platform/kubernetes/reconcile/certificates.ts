/**
 * The certificates step: whenever the ensemble uses TLS (or its members still do), the members'
 * certificate Secret `<name>-tls` holds a certificate that names every member and that ZooKeeper can
 * read, from the source the spec names:
 * - neither issuerRef nor secretName: zkop's own CA (`<name>-ca`), which issues the members' and a
 *   client certificate and renews them at two thirds of their life;
 * - secretName: the user's Secret, copied once it checks out (a problem otherwise, and nothing moves);
 * - issuerRef: cert-manager Certificates, whose issued Secret is copied once it checks out.
 * Returns what it did and the client credentials zkop connects to TLS members with.
 */
import type { V1Secret } from '@kubernetes/client-node';
import type { ResolvedSpec } from '../../../api/defaults.ts';
import type { CERTIFICATE_KINDS, CertificateStatus, TlsStatus } from '../../../api/spec.ts';
import type { EnsembleConfig } from '../../../engine/index.ts';
import {
  type CertificateFiles,
  certificateDates,
  issueClientCertificate,
  issueMemberCertificate,
  lifetimeOf,
  memberCertificateProblem,
  newCertificateAuthority,
  renewalDue,
} from '../../../pki/index.ts';
import type { TlsOptions } from '../../../zk/tls-options.ts';
import { CERTIFICATES, SECRETS } from '../client/resources.ts';
import { memberCertificateNames, requiredCertificateNames } from '../render/certificate-names.ts';
import { type RenderContext, renderContext } from '../render/index.ts';
import { objectNames } from '../render/names.ts';
import {
  CA_KEYS,
  certificateFilesOf,
  issuedSecretName,
  renderCaSecret,
  renderCertificates,
  renderTlsSecret,
  secretText,
} from '../render/tls-secrets.ts';
import { applyChanged } from './apply-changes.ts';
import type { LiveZooKeeper, ReconcileContext } from './context.ts';
import type { MemberFacts } from './member-facts.ts';
import { ReconcileProblem } from './problem.ts';

export interface Certified {
  readonly actions: readonly string[];
  /** How zkop connects to members that serve TLS; undefined when none does or none can yet. */
  readonly client?: TlsOptions;
  /** The certificates in use, for the status; undefined while the ensemble uses no TLS. */
  readonly status?: TlsStatus;
}

const NONE: Certified = { actions: [] };

/** TLS is on in the spec, or a member still runs with it (TLS being turned off). */
export const usesTlsNow = (spec: ResolvedSpec, facts: readonly MemberFacts[]): boolean =>
  spec.tls.client.enabled ||
  spec.tls.quorum.enabled ||
  facts.some((f) => f.pod && (f.clientTls || f.quorumTls !== 'plaintext'));

/** How many members a certificate names: the spec's, and any the ensemble still has or lists. */
export const certifiedMembers = (
  spec: ResolvedSpec,
  facts: readonly MemberFacts[],
  recorded: EnsembleConfig | undefined,
): number =>
  Math.max(
    spec.replicas + spec.observers,
    ...facts.map((f) => f.id),
    ...(recorded?.members.map((m) => m.id) ?? []),
  );

/**
 * `memberCount`: the members the certificate must name (the spec's, and any the ensemble still has).
 * `options`: what the ensemble's objects are rendered with.
 */
export async function ensureCertificates(
  ctx: Pick<ReconcileContext, 'api' | 'read' | 'ownSecrets' | 'clock' | 'render'>,
  zk: LiveZooKeeper,
  spec: ResolvedSpec,
  facts: readonly MemberFacts[],
  memberCount: number,
): Promise<Certified> {
  if (!usesTlsNow(spec, facts)) return NONE;
  const rctx = renderContext(zk, { ...ctx.render, podCount: memberCount });
  const now = new Date(ctx.clock.now());
  if (spec.tls.secretName) {
    const user = await ctx.api.get<V1Secret>(SECRETS, {
      namespace: rctx.namespace,
      name: spec.tls.secretName,
    });
    const files = certificateFilesOf(user);
    if (!files) throw invalid(`Secret ${rctx.namespace}/${spec.tls.secretName} (spec.tls.secretName)`, user);
    const copied = await copyChecked(ctx, rctx, files, `spec.tls.secretName ${spec.tls.secretName}`, now);
    const status: TlsStatus = {
      source: 'secret',
      certificates: [
        certificateStatus('members', spec.tls.secretName, files.certificate),
        certificateStatus('ca', spec.tls.secretName, files.ca),
      ],
    };
    return {
      ...copied,
      client: cachedClientTls(ctx, zk, spec) ?? clientOptions(files),
      status,
    };
  }
  if (spec.tls.issuerRef) return fromCertManager(ctx, rctx, now);
  return fromOwnAuthority(ctx, rctx, now);
}

async function fromOwnAuthority(
  ctx: Pick<ReconcileContext, 'api' | 'ownSecrets'>,
  rctx: RenderContext,
  now: Date,
): Promise<Certified> {
  const own = (name: string) => ctx.ownSecrets.get(`${rctx.namespace}/${name}`);
  const actions: string[] = [];
  const caSecret = own(rctx.names.caSecret);
  let ca = caOf(caSecret);
  if (!ca) {
    ca = newCertificateAuthority(`${rctx.namespace}/${rctx.name}`, now);
    await ctx.api.apply(SECRETS, renderCaSecret(rctx, ca));
    actions.push(`create Secret ${rctx.names.caSecret}`);
  }
  const ref = { ensemble: `${rctx.namespace}/${rctx.name}`, ca };
  let members = certificateFilesOf(own(rctx.names.tlsSecret));
  const names = memberCertificateNames(rctx);
  if (!members || dueOrWrong(members, ca.certificate, now, requiredCertificateNames(rctx))) {
    const pair = issueMemberCertificate(ref, rctx.name, names, now);
    const files = { ...pair, ca: ca.certificate };
    await ctx.api.apply(SECRETS, renderTlsSecret(rctx, rctx.names.tlsSecret, files));
    actions.push(`${members ? 'renew' : 'issue'} the members' certificate (Secret ${rctx.names.tlsSecret})`);
    members = files;
  }
  let client = certificateFilesOf(own(rctx.names.clientTlsSecret));
  if (!client || dueOrWrong(client, ca.certificate, now, { dnsNames: [], ipAddresses: [] })) {
    const pair = issueClientCertificate(ref, `${rctx.name}-client`, now);
    const fresh = { ...pair, ca: ca.certificate };
    await ctx.api.apply(SECRETS, renderTlsSecret(rctx, rctx.names.clientTlsSecret, fresh));
    actions.push(
      `${client ? 'renew' : 'issue'} the client certificate (Secret ${rctx.names.clientTlsSecret})`,
    );
    client = fresh;
  }
  const status: TlsStatus = {
    source: 'zkop',
    certificates: [
      certificateStatus('members', rctx.names.tlsSecret, members.certificate, true),
      certificateStatus('client', rctx.names.clientTlsSecret, client.certificate, true),
      certificateStatus('ca', rctx.names.caSecret, ca.certificate),
    ],
  };
  return { actions, client: clientOptions(client), status };
}

async function fromCertManager(
  ctx: Pick<ReconcileContext, 'api' | 'read' | 'ownSecrets'>,
  rctx: RenderContext,
  now: Date,
): Promise<Certified> {
  const own = (name: string) => ctx.ownSecrets.get(`${rctx.namespace}/${name}`);
  let applied: Awaited<ReturnType<typeof applyChanged>>;
  try {
    applied = await applyChanged(ctx.api, ctx.read, renderCertificates(rctx));
  } catch (error) {
    if (error instanceof ReconcileProblem && error.reason === 'KindNotServed') {
      throw new ReconcileProblem(
        'CertManagerNotInstalled',
        `spec.tls.issuerRef names a cert-manager issuer, but the API server does not serve ${CERTIFICATES.apiVersion} Certificates: install cert-manager, or give the certificates in spec.tls.secretName, or leave both out for zkop's own CA`,
      );
    }
    throw error;
  }
  const actions = applied.map((c) => `apply Certificate ${c.metadata?.name}`);
  const issued = certificateFilesOf(own(issuedSecretName(rctx)));
  // Until cert-manager has issued, members wait for their certificate Secret.
  if (!issued) return { actions };
  const copied = await copyChecked(
    ctx,
    rctx,
    issued,
    `the certificate cert-manager issued (Secret ${issuedSecretName(rctx)})`,
    now,
  );
  const client = certificateFilesOf(own(rctx.names.clientTlsSecret));
  const status: TlsStatus = {
    source: 'cert-manager',
    certificates: [
      certificateStatus('members', issuedSecretName(rctx), issued.certificate),
      ...(client ? [certificateStatus('client', rctx.names.clientTlsSecret, client.certificate)] : []),
      certificateStatus('ca', issuedSecretName(rctx), issued.ca),
    ],
  };
  return {
    actions: [...actions, ...copied.actions],
    ...(client ? { client: clientOptions(client) } : {}),
    status,
  };
}

/** Copies `files` into the members' Secret once they check out; a problem (and nothing copied) if not. */
async function copyChecked(
  ctx: Pick<ReconcileContext, 'api' | 'ownSecrets'>,
  rctx: RenderContext,
  files: CertificateFiles,
  from: string,
  now: Date,
): Promise<Certified> {
  const problem = memberCertificateProblem(files, requiredCertificateNames(rctx), now);
  if (problem) {
    throw new ReconcileProblem(
      'CertificateRefused',
      `${from} cannot serve the members: ${problem}; the members keep the certificate they have`,
    );
  }
  const current = certificateFilesOf(ctx.ownSecrets.get(`${rctx.namespace}/${rctx.names.tlsSecret}`));
  if (sameFiles(current, files)) return NONE;
  await ctx.api.apply(SECRETS, renderTlsSecret(rctx, rctx.names.tlsSecret, files));
  return { actions: [`copy ${from} to Secret ${rctx.names.tlsSecret}`] };
}

function invalid(what: string, secret: V1Secret | undefined): ReconcileProblem {
  const missing = secret ? ['tls.crt', 'tls.key', 'ca.crt'].filter((k) => !secretText(secret, k)) : [];
  return new ReconcileProblem(
    'CertificateRefused',
    secret
      ? `${what} lacks ${missing.join(', ')}: it needs tls.crt, tls.key and ca.crt`
      : `${what} does not exist: create it with tls.crt, tls.key (PKCS#8) and ca.crt, or leave spec.tls.secretName out for zkop's own CA`,
  );
}

function caOf(secret: V1Secret | undefined): { certificate: string; privateKey: string } | undefined {
  const certificate = secretText(secret, CA_KEYS.certificate);
  const privateKey = secretText(secret, CA_KEYS.privateKey);
  return certificate && privateKey ? { certificate, privateKey } : undefined;
}

/** Due for renewal, or not what the CA and the names say it should be (a new CA, a new member). */
function dueOrWrong(
  files: CertificateFiles,
  ca: string,
  now: Date,
  names: Parameters<typeof memberCertificateProblem>[1],
): boolean {
  if (files.ca !== ca || renewalDue(lifetimeOf(files.certificate), now)) return true;
  return names.dnsNames.length > 0 && memberCertificateProblem(files, names, now) !== undefined;
}

const sameFiles = (a: CertificateFiles | undefined, b: CertificateFiles): boolean =>
  a !== undefined && a.certificate === b.certificate && a.privateKey === b.privateKey && a.ca === b.ca;

/**
 * The client credentials zkop connects to TLS members with, as the certificates step left them in the
 * watch cache (for work outside the ensemble's reconcile, such as backups): zkop's or cert-manager's
 * client certificate, or with the user's Secret the members' own. Undefined until there are any.
 */
export function cachedClientTls(
  ctx: Pick<ReconcileContext, 'ownSecrets'>,
  zk: LiveZooKeeper,
  spec: ResolvedSpec,
): TlsOptions | undefined {
  const names = objectNames(zk.metadata.name);
  const secret = spec.tls.secretName ? names.tlsSecret : names.clientTlsSecret;
  const files = certificateFilesOf(ctx.ownSecrets.get(`${zk.metadata.namespace}/${secret}`));
  return files ? clientOptions(files) : undefined;
}

const clientOptions = (files: CertificateFiles): TlsOptions => ({
  ca: files.ca,
  cert: files.certificate,
  key: files.privateKey,
});

/** `pem`'s dates as the status shows them; `renewedByZkop` adds when zkop renews it. */
const certificateStatus = (
  certificate: (typeof CERTIFICATE_KINDS)[number],
  secret: string,
  pem: string,
  renewedByZkop = false,
): CertificateStatus => ({ certificate, secret, ...certificateDates(pem, renewedByZkop) });
