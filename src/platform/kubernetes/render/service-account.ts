/** The members' own identity. ZooKeeper never calls the Kubernetes API, so no token is mounted. */
import type { V1ServiceAccount } from '@kubernetes/client-node';
import type { RenderContext } from './context.ts';
import { objectMeta } from './metadata.ts';

export function renderServiceAccount(ctx: RenderContext): V1ServiceAccount {
  return {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: objectMeta(ctx, ctx.names.serviceAccount, 'identity'),
    automountServiceAccountToken: false,
  };
}
