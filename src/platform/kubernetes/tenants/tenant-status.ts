/**
 * A tenant's status: one `Ready` condition saying whether its path, ACL, quota and user are carried out
 * (`Converged`) or why not (a refusal, a missing Secret, members still restarting with its user), and
 * the connection Secret's name. Written only when it changed, with an Event when the condition's
 * reason changes: a Warning for what the user has to fix, Normal otherwise.
 */
import { isDeepStrictEqual } from 'node:util';
import type { KubernetesObject } from '@kubernetes/client-node';
import { API_VERSION } from '../../../api/spec.ts';
import { TENANT_KIND, type ZooKeeperTenant } from '../../../api/tenant.ts';
import { TENANTS } from '../client/resources.ts';
import type { ReconcileContext } from '../reconcile/context.ts';
import { nowOf } from '../reconcile/write-status.ts';
import type { LiveTenant } from './live-tenant.ts';

type TenantStatus = NonNullable<ZooKeeperTenant['status']>;

export interface TenantVerdict {
  readonly ready: boolean;
  readonly reason: string;
  readonly message: string;
  /** A Warning: the user has to change something. */
  readonly warning?: boolean;
  readonly secretName?: string;
}

/** Pure: the condition keeps its lastTransitionTime while its status stays. */
export function tenantStatus(tenant: LiveTenant, verdict: TenantVerdict, now: string): TenantStatus {
  const before = tenant.status?.conditions?.find((c) => c.type === 'Ready');
  const status = verdict.ready ? 'True' : 'False';
  const generation = tenant.metadata.generation;
  return {
    ...(generation !== undefined ? { observedGeneration: generation } : {}),
    conditions: [
      {
        type: 'Ready',
        status,
        ...(generation !== undefined ? { observedGeneration: generation } : {}),
        lastTransitionTime: before && before.status === status ? before.lastTransitionTime : now,
        reason: verdict.reason,
        message: verdict.message,
      },
    ],
    ...(verdict.secretName ? { secretName: verdict.secretName } : {}),
  };
}

export const isTenantReady = (tenant: LiveTenant): boolean =>
  tenant.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';

/** Writes the status when it changed; what it did. */
export async function reportTenant(
  ctx: Pick<ReconcileContext, 'api' | 'events' | 'clock'>,
  tenant: LiveTenant,
  verdict: TenantVerdict,
): Promise<readonly string[]> {
  const status = tenantStatus(tenant, verdict, nowOf(ctx));
  if (isDeepStrictEqual(tenant.status, status)) return [];
  const before = tenant.status?.conditions?.find((c) => c.type === 'Ready');
  await ctx.api.applyStatus(TENANTS, {
    apiVersion: API_VERSION,
    kind: TENANT_KIND,
    metadata: { name: tenant.metadata.name, namespace: tenant.metadata.namespace },
    status,
  } as KubernetesObject);
  if (before?.reason !== verdict.reason || before?.message !== verdict.message) {
    await ctx.events.record(tenant as KubernetesObject, {
      type: verdict.warning ? 'Warning' : 'Normal',
      reason: verdict.reason,
      action: 'Reconcile',
      note: verdict.message,
    });
  }
  return [`write status of ZooKeeperTenant ${tenant.metadata.name}`];
}
