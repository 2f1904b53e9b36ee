/**
 * The operator's connection to the API server: inside a pod with its service account, without the
 * Kubernetes client library (in-cluster.ts); elsewhere as a kubeconfig says (kubeconfig.ts, loaded
 * only then).
 */
import { readFileSync } from 'node:fs';
import { HttpKubeApi } from './http-api.ts';
import { inClusterConnection } from './in-cluster.ts';
import type { KubeconfigOptions } from './kubeconfig.ts';

export type ConnectOptions = KubeconfigOptions;

export async function connect(options: ConnectOptions): Promise<HttpKubeApi> {
  if (options.inCluster) return new HttpKubeApi(inClusterConnection());
  const { kubeConfigOf, kubeconfigConnection } = await import('./kubeconfig.ts');
  return new HttpKubeApi(kubeconfigConnection(kubeConfigOf(options)));
}

const SERVICE_ACCOUNT_NAMESPACE = '/var/run/secrets/kubernetes.io/serviceaccount/namespace';

/** The namespace this pod runs in, when it runs in one. */
export function podNamespace(): string | undefined {
  try {
    return readFileSync(SERVICE_ACCOUNT_NAMESPACE, 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}
