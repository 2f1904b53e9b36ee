/**
 * The API server as a kubeconfig says to reach it: the Kubernetes client library loads the file (or
 * the in-cluster account, or the default places) and authenticates each request, with whatever the
 * file asks for (client certificates, tokens, exec plugins, OIDC); its fetch-based transport sends it.
 * The library is large: the operator in a pod does without it (in-cluster.ts).
 */
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import {
  type HttpMethod,
  IsomorphicFetchHttpLibrary,
  KubeConfig,
  RequestContext,
} from '@kubernetes/client-node';
import type { ApiConnection, ApiRequest } from './api-connection.ts';

export interface KubeconfigOptions {
  /** Path of a kubeconfig file; default: $KUBECONFIG, then ~/.kube/config, then in-cluster. */
  readonly kubeconfig?: string;
  /** Use the pod's service account. */
  readonly inCluster?: boolean;
  readonly context?: string;
}

export function kubeConfigOf(options: KubeconfigOptions): KubeConfig {
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

export function kubeconfigConnection(config: KubeConfig): ApiConnection {
  const http = new IsomorphicFetchHttpLibrary();
  const server = config.getCurrentCluster()?.server.replace(/\/$/, '') ?? '';
  return {
    async send(req: ApiRequest) {
      const ctx = new RequestContext(`${server}${req.path}`, req.method as HttpMethod);
      for (const [name, value] of Object.entries(req.headers)) ctx.setHeaderParam(name, value);
      if (req.body !== undefined) ctx.setBody(req.body);
      ctx.setSignal(req.signal);
      await config.applySecurityAuthentication(ctx);
      const response = await http.send(ctx).toPromise();
      return {
        status: response.httpStatusCode,
        text: () => response.body.text(),
        stream: () =>
          Readable.fromWeb((response.body as unknown as { stream: () => WebReadableStream }).stream()),
      };
    },
  };
}
