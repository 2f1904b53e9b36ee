/** The headless Service (member DNS names), the client Service and the AdminServer Service. */
import type { V1Service, V1ServicePort } from '@kubernetes/client-node';
import { metricsEnabled } from '../../../config/zoo-cfg.ts';
import type { RenderContext } from './context.ts';
import { objectMeta, selectorLabels } from './metadata.ts';

const port = (name: string, number: number): V1ServicePort => ({
  name,
  port: number,
  targetPort: name,
  protocol: 'TCP',
});

/**
 * Gives every member its DNS name. Not-ready members are published too: a member must resolve its
 * peers (and they it) before it can join a quorum and become ready.
 */
export function renderHeadlessService(ctx: RenderContext): V1Service {
  const { ports } = ctx.spec;
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: objectMeta(ctx, ctx.names.headlessService, 'peers'),
    spec: {
      clusterIP: 'None',
      publishNotReadyAddresses: true,
      selector: selectorLabels(ctx.name),
      ports: [
        port('client', ports.client),
        port('quorum', ports.quorum),
        port('election', ports.leaderElection),
        ...(metricsEnabled(ctx.spec, ctx.features) ? [port('metrics', ports.metrics)] : []),
      ],
    },
  };
}

/** Where clients connect: ready (serving) members only. */
export function renderClientService(ctx: RenderContext): V1Service {
  const { client } = ctx.spec.services;
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: objectMeta(ctx, ctx.names.clientService, 'client', client.annotations),
    spec: {
      type: client.type,
      selector: selectorLabels(ctx.name),
      ports: [port('client', ctx.spec.ports.client)],
    },
  };
}

export function renderAdminService(ctx: RenderContext): V1Service | undefined {
  if (!ctx.spec.services.admin.enabled) return undefined;
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: objectMeta(ctx, ctx.names.adminService, 'admin'),
    spec: {
      type: 'ClusterIP',
      selector: selectorLabels(ctx.name),
      ports: [port('admin', ctx.spec.ports.admin)],
    },
  };
}
