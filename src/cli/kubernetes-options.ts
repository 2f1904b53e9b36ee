/**
 * The options that point status, scale and restart at a ZooKeeper object on Kubernetes instead of
 * an ensemble on this machine. Any of them selects Kubernetes; none keeps the command local.
 */
import { Option } from 'commander';

export interface KubernetesTarget {
  /** Undefined: the kubeconfig context's namespace, else `default`. */
  readonly namespace?: string;
  readonly kubeconfig?: string;
  readonly context?: string;
}

export interface KubernetesFlags {
  readonly namespace?: string;
  readonly kubeconfig?: string;
  readonly context?: string;
  readonly kubernetes?: boolean;
}

export const kubernetesOptions = (): Option[] => [
  new Option('-n, --namespace <ns>', 'namespace of the ZooKeeper object (selects Kubernetes)'),
  new Option(
    '--kubeconfig <file>',
    'kubeconfig file (selects Kubernetes; default: $KUBECONFIG, ~/.kube/config)',
  ),
  new Option('--context <name>', 'kubeconfig context (selects Kubernetes)'),
  new Option('--kubernetes', 'act on the ZooKeeper object in the current kubeconfig context'),
];

/** The Kubernetes target the flags name, or undefined when the command stays on this machine. */
export function kubernetesTargetOf(flags: KubernetesFlags): KubernetesTarget | undefined {
  const { namespace, kubeconfig, context, kubernetes } = flags;
  if (namespace === undefined && kubeconfig === undefined && context === undefined && !kubernetes)
    return undefined;
  return {
    ...(namespace !== undefined ? { namespace } : {}),
    ...(kubeconfig !== undefined ? { kubeconfig } : {}),
    ...(context !== undefined ? { context } : {}),
  };
}
