/**
 * An ensemble's ZooKeeperTenants, carried out within the ensemble's reconcile (tenant and ensemble
 * share a namespace, ADR 0140), in two halves:
 * - before planning (`prepareTenants`): which tenants are admitted, their passwords (the JAAS file's
 *   users, so the config hash and the engine's roll follow them), their connection Secrets and finalizers;
 * - once the ensemble is settled, every member running the JAAS file with those users
 *   (`convergeTenants`): as zkop's super user over SASL, the path, ACL and quota of each admitted
 *   tenant (tenant-znodes.ts, as `zkop up`), the paths of leaving tenants with `deletionPolicy: Delete`
 *   removed, their finalizers released; then every tenant's status and Event.
 * What only the operator finds out (a conflict, a missing Secret) is a tenant's condition, never a
 * reconcile that throws.
 */
import type { ResolvedSpec } from '../../../api/defaults.ts';
import { pathsOverlap } from '../../../api/tenant-conflicts.ts';
import type { SaslUser } from '../../../config/jaas.ts';
import type { TlsOptions } from '../../../zk/tls-options.ts';
import {
  convergeTenantZnodes,
  deleteTenantZnodes,
  lockQuotaRoot,
} from '../../shared/tenants/tenant-znodes.ts';
import { applyChanged } from '../reconcile/apply-changes.ts';
import type { LiveZooKeeper, ReconcileContext } from '../reconcile/context.ts';
import type { MemberReach } from '../reconcile/ensemble-access.ts';
import { hasFinalizer } from '../reconcile/finalizer.ts';
import { renderContext } from '../render/index.ts';
import { admitTenants, type TenantRefusal } from './admit-tenants.ts';
import { connectionSecretName, renderConnectionSecret } from './connection-secret.ts';
import { type LiveTenant, tenantsOf } from './live-tenant.ts';
import { tenantFinalizer } from './tenant-finalizer.ts';
import { type TenantWithRecord, tenantRecords } from './tenant-passwords.ts';
import { isTenantReady, reportTenant } from './tenant-status.ts';

export interface PreparedTenants {
  /** The JAAS file's users besides zkop's super user. */
  readonly users: readonly SaslUser[];
  readonly records: readonly TenantWithRecord[];
  readonly refused: readonly TenantRefusal[];
  /** Being deleted, with zkop's finalizer. */
  readonly leaving: readonly LiveTenant[];
  readonly actions: readonly string[];
}

export const NO_TENANTS: PreparedTenants = { users: [], records: [], refused: [], leaving: [], actions: [] };

type TenantContext = Pick<
  ReconcileContext,
  'api' | 'read' | 'ownSecrets' | 'tenants' | 'newPassword' | 'render' | 'events' | 'clock'
>;

export async function prepareTenants(
  ctx: TenantContext,
  zk: LiveZooKeeper,
  spec: ResolvedSpec,
): Promise<PreparedTenants> {
  const all = tenantsOf(ctx.tenants.list(zk.metadata.namespace), zk.metadata.name);
  if (all.length === 0) return NO_TENANTS;
  const { admitted, refused, leaving } = admitTenants(zk.metadata.name, spec.auth.client.sasl, all);
  const { records, refused: withoutPassword } = await tenantRecords(ctx, admitted);
  const render = renderContext(zk, ctx.render);
  const secrets = await applyChanged(
    ctx.api,
    ctx.read,
    records.map(({ tenant, record }) => renderConnectionSecret(render, tenant, record)),
  );
  const finalizers: string[] = [];
  for (const { tenant } of records) finalizers.push(...(await tenantFinalizer(ctx.api, tenant, true)));
  return {
    users: records.map(({ record }) => ({ name: record.user, password: record.password })),
    records,
    refused: [...refused, ...withoutPassword],
    leaving: leaving.filter(hasFinalizer),
    actions: [...secrets.map((s) => `apply Secret ${s.metadata?.name}`), ...finalizers],
  };
}

export interface TenantsConverged {
  readonly actions: readonly string[];
  /** Something is left to do: look again. */
  readonly pending: boolean;
}

/** `settled`: the engine has nothing to do, so every member runs the JAAS file with the tenants' users. */
export async function convergeTenants(
  ctx: TenantContext & Pick<ReconcileContext, 'ensemble'>,
  zk: LiveZooKeeper,
  prepared: PreparedTenants,
  settled: boolean,
  serving: readonly MemberReach[],
  client: TlsOptions | undefined,
): Promise<TenantsConverged> {
  const { records, refused, leaving } = prepared;
  if (records.length === 0 && refused.length === 0 && leaving.length === 0)
    return { actions: [], pending: false };
  const actions: string[] = [];
  for (const { tenant, reason, message } of refused)
    actions.push(...(await reportTenant(ctx, tenant, { ready: false, reason, message, warning: true })));
  const waiting = (reason: string, message: string, warning = false) =>
    Promise.all(
      records
        .filter(({ tenant }) => !isTenantReady(tenant))
        .map(({ tenant }) => reportTenant(ctx, tenant, { ready: false, reason, message, warning })),
    );
  if (!settled || serving.length === 0) {
    const message = `waiting for the members of ${zk.metadata.name} to run with the tenant's user`;
    actions.push(...(await waiting('MembersRestarting', message)).flat());
    return { actions, pending: true };
  }
  const access = ctx.ensemble;
  try {
    if (!access.asSuperUser) throw new Error('no session to the members can be opened');
    await access.asSuperUser(
      zk,
      serving,
      async (session) => {
        if (await lockQuotaRoot(session)) actions.push('make /zookeeper/quota read-only');
        for (const { record } of records) {
          if (await convergeTenantZnodes(session, record))
            actions.push(`converge tenant ${record.name} (${record.path}, sasl:${record.user})`);
        }
        for (const tenant of leaving) {
          const kept = records.some(({ record }) => pathsOverlap(record.path, tenant.spec.path));
          if (tenant.spec.deletionPolicy === 'Delete' && !kept) {
            const removed = await deleteTenantZnodes(session, tenant.spec);
            actions.push(`delete tenant ${tenant.metadata.name}'s ${tenant.spec.path} (${removed} znodes)`);
          }
        }
      },
      client,
    );
  } catch (error) {
    const message = `zkop could not converge the tenant's path on ${zk.metadata.name}: ${(error as Error).message}`;
    actions.push(...(await waiting('ConvergeFailed', message, true)).flat());
    return { actions, pending: true };
  }
  for (const tenant of leaving) actions.push(...(await tenantFinalizer(ctx.api, tenant, false)));
  for (const { tenant, record } of records) {
    const secretName = connectionSecretName(tenant);
    const message = `${record.path} belongs to SASL user ${record.user} (ACL sasl:${record.user}:cdrwa); connect with Secret ${secretName}`;
    actions.push(
      ...(await reportTenant(ctx, tenant, { ready: true, reason: 'Converged', message, secretName })),
    );
  }
  return { actions, pending: false };
}

/**
 * Tenants of an ensemble that is not there: a condition saying so; those being deleted let go (there
 * is no path left to remove).
 */
export async function orphanTenants(
  ctx: Pick<ReconcileContext, 'api' | 'tenants' | 'events' | 'clock'>,
  namespace: string,
  name: string,
): Promise<readonly string[]> {
  const actions: string[] = [];
  for (const tenant of tenantsOf(ctx.tenants.list(namespace), name)) {
    if (tenant.metadata.deletionTimestamp) {
      actions.push(...(await tenantFinalizer(ctx.api, tenant, false)));
      continue;
    }
    const message = `spec.ensemble: there is no ZooKeeper ${name} in namespace ${namespace}`;
    actions.push(
      ...(await reportTenant(ctx, tenant, {
        ready: false,
        reason: 'EnsembleNotFound',
        message,
        warning: true,
      })),
    );
  }
  return actions;
}
