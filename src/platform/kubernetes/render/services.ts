/**
 * The headless Service (the pods' DNS names, which the StatefulSet needs), a Service per member (the
 * address peers and the operator use), the client Service and the AdminServer Service.
 */
import type { V1Service, V1ServicePort } from '@kubernetes/client-node';
import { metricsEnabled } from '../../../config/zoo-cfg.ts';
import type { RenderContext } from './context.ts';
import { objectMeta, selectorLabels } from './metadata.ts';
import { memberIdOfOrdinal, memberServiceName } from './names.ts';

const port = (name: string, number: number): V1ServicePort => ({
  name,
  port: number,
  targetPort: name,
  protocol: 'TCP',
});

const memberPorts = (ctx: RenderContext): V1ServicePort[] => {
  const { ports } = ctx.spec;
  return [
    port('client', ports.client),
    port('quorum', ports.quorum),
    port('election', ports.leaderElection),
    ...(metricsEnabled(ctx.spec, ctx.features) ? [port('metrics', ports.metrics)] : []),
  ];
};

/**
 * Gives every pod its DNS name. Not-ready members are published too: a member must reach its peers
 * (and they it) before it can join a quorum and become ready.
 */
export function renderHeadlessService(ctx: RenderContext): V1Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: objectMeta(ctx, ctx.names.headlessService, 'peers'),
    spec: {
      clusterIP: 'None',
      publishNotReadyAddresses: true,
      selector: selectorLabels(ctx.name),
      ports: memberPorts(ctx),
    },
  };
}

/** The pod a StatefulSet names `<name>-<ordinal>` carries this label with that name. */
export const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';

/**
 * One Service per pod the StatefulSet runs, named like the pod: the members' addresses in the
 * ensemble config. Its cluster IP outlives the pod, so a member that comes back in a new pod with a
 * new address is reached at once; a name that resolves to a pod's own address stays cached in the
 * JVMs and in cluster DNS (30 s by default) after the pod is gone, and a peer that dials the old
 * address waits out ZooKeeper's election back-off. Not-ready pods are published, as for the
 * headless Service.
 */
export function renderMemberServices(ctx: RenderContext): V1Service[] {
  return Array.from({ length: ctx.podCount }, (_, ordinal) => {
    const name = memberServiceName(ctx.name, memberIdOfOrdinal(ordinal));
    return {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: objectMeta(ctx, name, 'member'),
      spec: {
        publishNotReadyAddresses: true,
        selector: { ...selectorLabels(ctx.name), [POD_NAME_LABEL]: name },
        ports: memberPorts(ctx),
      },
    };
  });
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
