/**
 * The command line's connection: the kubeconfig (as client/kubeconfig.ts loads it) and the namespace
 * it means. The Kubernetes client library that reads kubeconfigs is loaded only here, when a command
 * needs it: the operator in its pod never does.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import type { ApiConnection } from '../client/api-connection.ts';
import { HttpKubeApi } from '../client/http-api.ts';
import type { KubeApi } from '../client/kube-api.ts';

/** The field manager of the command line's writes, apart from the operator's `zkop`. */
export const CLI_FIELD_MANAGER = 'zkop-cli';

export interface CliConnectOptions {
  readonly namespace?: string;
  readonly kubeconfig?: string;
  readonly context?: string;
}

/** The namespace given, else the current context's, else `default` (as kubectl does). */
export function namespaceOf(config: KubeConfig, namespace: string | undefined): string {
  if (namespace) return namespace;
  const context = config.getContextObject(config.getCurrentContext());
  return context?.namespace || 'default';
}

/** The API, and its connection for requests the API does not model (`zkop ui`'s pod proxy reads). */
export async function connectCli(
  options: CliConnectOptions,
): Promise<{ api: KubeApi; connection: ApiConnection; namespace: string }> {
  const { kubeConfigOf, kubeconfigConnection } = await import('../client/kubeconfig.ts');
  const config = kubeConfigOf({
    ...(options.kubeconfig ? { kubeconfig: options.kubeconfig } : {}),
    ...(options.context ? { context: options.context } : {}),
  });
  const connection = kubeconfigConnection(config);
  return {
    api: new HttpKubeApi(connection, CLI_FIELD_MANAGER),
    connection,
    namespace: namespaceOf(config, options.namespace),
  };
}
