/**
 * How HttpKubeApi reaches the API server: one authenticated HTTPS request at a time. Two ways: from
 * inside a pod with its service account (in-cluster.ts, Node's https alone), or as a kubeconfig says
 * (kubeconfig.ts, through the Kubernetes client library, which knows its every way to authenticate).
 */
import type { Readable } from 'node:stream';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ApiRequest {
  readonly method: HttpMethod;
  /** Path and query, e.g. `/api/v1/namespaces/ns/pods?watch=true`. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly signal: AbortSignal;
}

export interface ApiResponse {
  readonly status: number;
  text(): Promise<string>;
  /** The body as a stream, for watches. */
  stream(): Readable;
}

export interface ApiConnection {
  send(request: ApiRequest): Promise<ApiResponse>;
}
