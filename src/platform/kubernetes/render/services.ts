/**
 * The headless Service (the pods' DNS names, which the StatefulSet needs) and where those names
 * point, a Service per member (the address peers and the operator use), the client Service and the
 * AdminServer Service.
 */
import type { V1EndpointSlice, V1Service, V1ServicePort } from '@kubernetes/client-node';
import { metricsEnabled } from '../../../config/zoo-cfg.ts';
import type { RenderContext } from './context.ts';
import { objectMeta, ROUTED_LABEL, selectorLabels } from './metadata.ts';
import { memberIdOfOrdinal, memberPodName, memberServiceName } from './names.ts';

const port = (name: string, number: number): V1ServicePort => ({
  name,
  port: number,
  targetPort: name,
  protocol: 'TCP',
});

/**
 * The ports clients reach members on: the secure one with client TLS (the plain one then listens on
 * each member's loopback only), both while TLS is turned on or off (RenderOptions.clientPorts).
 */
export const clientPorts = (ctx: RenderContext): V1ServicePort[] => [
  ...(ctx.clientPorts.plain ? [port('client', ctx.spec.ports.client)] : []),
  ...(ctx.clientPorts.secure ? [port('client-tls', ctx.spec.ports.secureClient)] : []),
];

const memberPorts = (ctx: RenderContext): V1ServicePort[] => {
  const { ports } = ctx.spec;
  return [
    ...clientPorts(ctx),
    port('quorum', ports.quorum),
    port('election', ports.leaderElection),
    ...(metricsEnabled(ctx.spec, ctx.features) ? [port('metrics', ports.metrics)] : []),
  ];
};

/**
 * Gives every pod its DNS name, `<pod>.<name>-hs.<ns>.svc.<domain>`. It selects no pods: zkop writes
 * its endpoints (renderPodNameEndpoints), so each name resolves to the member's own Service.
 */
export function renderHeadlessService(ctx: RenderContext): V1Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: objectMeta(ctx, ctx.names.headlessService, 'peers'),
    spec: {
      clusterIP: 'None',
      ports: memberPorts(ctx),
    },
  };
}

/** The label that ties an EndpointSlice to its Service, and the one that says who writes it. */
export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
export const SLICE_MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';
export const SLICE_MANAGER = 'zookeeper.zkop.dev';

/**
 * The headless Service's endpoints: each pod's DNS name resolves to the cluster IP of its member
 * Service (`ctx.memberServiceIps`), not to the pod's own address. Clients that list the pods by name
 * then behave like those that list the member Services: the name never changes its answer when a
 * member restarts in a new pod, so no client holds on to the address of a pod that is gone (cluster
 * DNS caches answers for 30 s by default), and a member that is down refuses the connection at once.
 * Each endpoint names its pod, so whatever reads the endpoints (a Prometheus) finds the pod.
 * Member Services the API server has given no IP yet are left out until it has.
 */
export function renderPodNameEndpoints(ctx: RenderContext): V1EndpointSlice {
  const members = Array.from({ length: ctx.podCount }, (_, ordinal) => {
    const id = memberIdOfOrdinal(ordinal);
    return {
      pod: memberPodName(ctx.name, id),
      ip: ctx.memberServiceIps.get(memberServiceName(ctx.name, id)),
    };
  });
  const family = members.find((m) => m.ip)?.ip?.includes(':') ? 'IPv6' : 'IPv4';
  const meta = objectMeta(ctx, ctx.names.headlessService, 'peers');
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      ...meta,
      labels: {
        ...meta.labels,
        [SERVICE_NAME_LABEL]: ctx.names.headlessService,
        [SLICE_MANAGED_BY_LABEL]: SLICE_MANAGER,
      },
    },
    addressType: family,
    endpoints: members
      .filter((m) => m.ip !== undefined && m.ip.includes(':') === (family === 'IPv6'))
      .map(({ pod, ip }) => ({
        addresses: [ip as string],
        hostname: pod,
        conditions: { ready: true },
        targetRef: { kind: 'Pod', namespace: ctx.namespace, name: pod },
      })),
    ports: memberPorts(ctx).map(({ name, port, protocol }) => ({ name, port, protocol })),
  };
}

/** The pod a StatefulSet names `<name>-<ordinal>` carries this label with that name. */
export const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';

/**
 * One Service per pod the StatefulSet runs, named like the pod: the members' addresses in the
 * ensemble config. Its cluster IP outlives the pod, so a member that comes back in a new pod with a
 * new address is reached at once; a name that resolves to a pod's own address stays cached in the
 * JVMs and in cluster DNS (30 s by default) after the pod is gone, and a peer that dials the old
 * address waits out ZooKeeper's election back-off. Not-ready pods are published: a member must reach
 * its peers (and they it) before it can join a quorum and become ready. A pod being deleted is not
 * (ROUTED_LABEL): kube-proxy would go on sending it new connections until the pod object is gone,
 * after its network is, and a connection sent there waits out the client's connect timeout.
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
        selector: { ...selectorLabels(ctx.name), [POD_NAME_LABEL]: name, [ROUTED_LABEL]: 'true' },
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
      ports: clientPorts(ctx),
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
