/**
 * The names a member certificate carries on Kubernetes. Peers dial a member, and zkop inspects it, at
 * its own Service's name; clients use the client Service or the members' Services; probes and
 * zkop's in-pod checks use loopback. Every member shares one certificate, so it names them all.
 */
import type { SubjectNames } from '../../../pki/index.ts';
import type { RenderContext } from './context.ts';
import { memberAddress, memberDomain } from './names.ts';

/** The members a certificate must cover now: the spec's, and any the ensemble still runs. */
export const certifiedMemberCount = (ctx: RenderContext): number =>
  Math.max(ctx.spec.replicas + ctx.spec.observers, ctx.podCount, ...ctx.committedMembers.map((m) => m.id));

/** What every member certificate must name, whoever issues it: what peers, zkop and clients dial. */
export function requiredCertificateNames(ctx: RenderContext): SubjectNames {
  const members = Array.from({ length: certifiedMemberCount(ctx) }, (_, i) =>
    memberAddress(ctx.name, ctx.namespace, i + 1, ctx.clusterDomain),
  );
  const domain = memberDomain(ctx.namespace, ctx.clusterDomain);
  return { dnsNames: [...members, `${ctx.names.clientService}.${domain}`], ipAddresses: [] };
}

/** What zkop's CA and cert-manager issue: the required names, their short forms, pod names and loopback. */
export function memberCertificateNames(ctx: RenderContext): SubjectNames {
  const { dnsNames } = requiredCertificateNames(ctx);
  const short = dnsNames.map((n) => n.slice(0, n.indexOf('.svc.') + '.svc'.length));
  const pods = `*.${ctx.names.headlessService}.${memberDomain(ctx.namespace, ctx.clusterDomain)}`;
  return { dnsNames: [...dnsNames, ...short, pods, 'localhost'], ipAddresses: ['127.0.0.1'] };
}
