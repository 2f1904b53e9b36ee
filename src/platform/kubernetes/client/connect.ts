/** The Kubernetes API connection from a kubeconfig file, the in-cluster service account, or the default. */
import { readFileSync } from 'node:fs';
import { KubeConfig } from '@kubernetes/client-node';
import { HttpKubeApi } from './http-api.ts';

export interface ConnectOptions {
  /** Path of a kubeconfig file; default: $KUBECONFIG, then ~/.kube/config, then in-cluster. */
  readonly kubeconfig?: string;
  /** Use the pod's service account. */
  readonly inCluster?: boolean;
  readonly context?: string;
}

export function kubeConfigOf(options: ConnectOptions): KubeConfig {
  const config = new KubeConfig();
  try {
    if (options.inCluster) config.loadFromCluster();
    else if (options.kubeconfig) config.loadFromFile(options.kubeconfig);
    else config.loadFromDefault();
  } catch (err) {
    const source = options.inCluster
      ? 'the in-cluster service account'
      : (options.kubeconfig ?? 'the default kubeconfig');
    throw new Error(
      `cannot load ${source}: ${(err as Error).message}; pass --kubeconfig <file>, or --in-cluster inside a pod`,
    );
  }
  if (options.context) config.setCurrentContext(options.context);
  if (!config.getCurrentCluster()) {
    throw new Error(
      'no Kubernetes cluster configured: pass --kubeconfig <file>, or --in-cluster inside a pod',
    );
  }
  return config;
}

export const connect = (options: ConnectOptions): HttpKubeApi => new HttpKubeApi(kubeConfigOf(options));

const SERVICE_ACCOUNT_NAMESPACE = '/var/run/secrets/kubernetes.io/serviceaccount/namespace';

/** The namespace this pod runs in, when it runs in one. */
export function podNamespace(): string | undefined {
  try {
    return readFileSync(SERVICE_ACCOUNT_NAMESPACE, 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}
