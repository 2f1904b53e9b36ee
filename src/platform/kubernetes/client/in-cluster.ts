/**
 * The API server as a pod reaches it with its service account: the address Kubernetes puts in every
 * pod's environment, the cluster's CA and the account's token from the files it mounts. The token
 * is a bound one that the kubelet renews in place, so it is read again once a minute.
 */
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import type { ApiConnection, ApiRequest, ApiResponse } from './api-connection.ts';

const ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';
const TOKEN_TTL_MS = 60_000;

export interface InClusterOptions {
  readonly host?: string;
  readonly port?: string;
  readonly tokenFile?: string;
  readonly caFile?: string;
  readonly now?: () => number;
}

export function inClusterConnection(options: InClusterOptions = {}): ApiConnection {
  const host = options.host ?? process.env.KUBERNETES_SERVICE_HOST;
  const port = options.port ?? process.env.KUBERNETES_SERVICE_PORT ?? '443';
  if (!host) {
    throw new Error(
      'not in a pod: KUBERNETES_SERVICE_HOST is not set; pass --kubeconfig <file> outside a cluster',
    );
  }
  const tokenFile = options.tokenFile ?? `${ACCOUNT_DIR}/token`;
  const caFile = options.caFile ?? `${ACCOUNT_DIR}/ca.crt`;
  const now = options.now ?? Date.now;
  const agent = new Agent({ ca: readFileSync(caFile), keepAlive: true });
  let token = { value: '', readAt: Number.NEGATIVE_INFINITY };
  const bearer = (): string => {
    if (now() - token.readAt >= TOKEN_TTL_MS)
      token = { value: readFileSync(tokenFile, 'utf8').trim(), readAt: now() };
    return token.value;
  };
  return {
    send: (req: ApiRequest) =>
      new Promise<ApiResponse>((resolve, reject) => {
        const outgoing = request(
          {
            agent,
            host,
            port,
            method: req.method,
            path: req.path,
            // A length, also for DELETE, whose body Node would otherwise send without framing.
            headers: {
              ...req.headers,
              Authorization: `Bearer ${bearer()}`,
              ...(req.body === undefined ? {} : { 'Content-Length': String(Buffer.byteLength(req.body)) }),
            },
            signal: req.signal,
          },
          (incoming) =>
            resolve({
              status: incoming.statusCode ?? 0,
              text: async () => {
                incoming.setEncoding('utf8');
                let text = '';
                for await (const chunk of incoming) text += chunk;
                return text;
              },
              stream: () => incoming,
            }),
        );
        outgoing.once('error', reject);
        outgoing.end(req.body);
      }),
  };
}
