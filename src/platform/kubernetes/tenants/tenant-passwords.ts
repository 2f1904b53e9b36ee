/**
 * Each admitted tenant's record with its password: from the Secret `spec.passwordSecretRef` names
 * (a refusal while it or its key is missing: only the user can fix that), else the one zkop made and
 * keeps in the connection Secret, else a new one (kept once the connection Secret is applied).
 */
import type { V1Secret } from '@kubernetes/client-node';
import { type TenantRecord, tenantRecord } from '../../shared/tenants/tenant-record.ts';
import { SECRETS } from '../client/resources.ts';
import type { ReconcileContext } from '../reconcile/context.ts';
import { newPassword } from '../reconcile/new-password.ts';
import type { TenantRefusal } from './admit-tenants.ts';
import { CONNECTION_KEYS, connectionSecretName } from './connection-secret.ts';
import type { LiveTenant } from './live-tenant.ts';

export interface TenantWithRecord {
  readonly tenant: LiveTenant;
  readonly record: TenantRecord;
}

const decoded = (secret: V1Secret | undefined, key: string): string | undefined => {
  const value = secret?.data?.[key];
  return value === undefined ? undefined : Buffer.from(value, 'base64').toString('utf8');
};

async function passwordOf(
  ctx: Pick<ReconcileContext, 'api' | 'ownSecrets' | 'newPassword'>,
  tenant: LiveTenant,
): Promise<string | TenantRefusal> {
  const namespace = tenant.metadata.namespace;
  const ref = tenant.spec.passwordSecretRef;
  if (ref) {
    const key = ref.key ?? 'password';
    // The user's Secret: only zkop's own are watched.
    const secret = await ctx.api.get<V1Secret>(SECRETS, { namespace, name: ref.name });
    const password = decoded(secret, key);
    if (password) return password;
    const why = secret ? `has no key ${key}` : 'does not exist';
    return {
      tenant,
      reason: 'PasswordSecretNotFound',
      message: `spec.passwordSecretRef: Secret ${namespace}/${ref.name} ${why}: create it, or remove the field to let zkop make a password`,
    };
  }
  // The watch cache may not have a Secret zkop has just applied: asked then, so no second password is made.
  const name = connectionSecretName(tenant);
  const own =
    ctx.ownSecrets.get(`${namespace}/${name}`) ?? (await ctx.api.get<V1Secret>(SECRETS, { namespace, name }));
  return decoded(own, CONNECTION_KEYS.password) ?? newPassword(ctx);
}

export async function tenantRecords(
  ctx: Pick<ReconcileContext, 'api' | 'ownSecrets' | 'newPassword'>,
  tenants: readonly LiveTenant[],
): Promise<{ records: TenantWithRecord[]; refused: TenantRefusal[] }> {
  const records: TenantWithRecord[] = [];
  const refused: TenantRefusal[] = [];
  for (const tenant of tenants) {
    const password = await passwordOf(ctx, tenant);
    if (typeof password !== 'string') {
      refused.push(password);
      continue;
    }
    records.push({ tenant, record: tenantRecord(tenant, password) });
  }
  return { records, refused };
}
