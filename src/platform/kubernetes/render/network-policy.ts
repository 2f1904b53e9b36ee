/**
 * Who may reach the members: clients the client port, Prometheus the metrics port, the ensemble's own
 * members every port, the operator (and pods of the ensemble's namespace) the AdminServer.
 */
import type {
  KubernetesObject,
  V1LabelSelector,
  V1NetworkPolicyPeer,
  V1NetworkPolicyPort,
  V1ObjectMeta,
} from '@kubernetes/client-node';
import { metricsEnabled } from '../../../config/zoo-cfg.ts';
import type { RenderContext } from './context.ts';
import { objectMeta, selectorLabels } from './metadata.ts';

/**
 * A NetworkPolicy in wire format: the client library's model names the `from` field `_from` for its
 * own serializer, and zkop's objects are sent as they are.
 */
export interface NetworkPolicy extends KubernetesObject {
  metadata: V1ObjectMeta;
  spec: {
    podSelector: V1LabelSelector;
    policyTypes: string[];
    ingress: { from?: V1NetworkPolicyPeer[]; ports: V1NetworkPolicyPort[] }[];
  };
}

const tcp = (port: number): V1NetworkPolicyPort => ({ protocol: 'TCP', port });

export function renderNetworkPolicy(ctx: RenderContext): NetworkPolicy | undefined {
  if (!ctx.networkPolicy) return undefined;
  if (!ctx.operatorNamespace) {
    throw new Error(
      'a NetworkPolicy needs the operator namespace, so the operator can still reach the members',
    );
  }
  const { ports } = ctx.spec;
  const client = () => [
    ...(ctx.clientPorts.plain ? [tcp(ports.client)] : []),
    ...(ctx.clientPorts.secure ? [tcp(ports.secureClient)] : []),
  ];
  const members = { podSelector: { matchLabels: selectorLabels(ctx.name) } };
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: objectMeta(ctx, ctx.names.networkPolicy, 'network'),
    spec: {
      podSelector: { matchLabels: selectorLabels(ctx.name) },
      policyTypes: ['Ingress'],
      ingress: [
        {
          from: [members],
          ports: [...client(), tcp(ports.quorum), tcp(ports.leaderElection), tcp(ports.admin)],
        },
        {
          from: [
            { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': ctx.operatorNamespace } } },
            { podSelector: {} },
          ],
          ports: [tcp(ports.admin)],
        },
        {
          ports: [...client(), ...(metricsEnabled(ctx.spec, ctx.features) ? [tcp(ports.metrics)] : [])],
        },
      ],
    },
  };
}
