/**
 * Carrying out an ensemble's tenants once its members run what state.json says (the JAAS file with the
 * tenants' users included): zkop, as its super user over SASL, converges each tenant's znodes, removes
 * the paths of tenants that left with `deletionPolicy: Delete`, then writes the connection files.
 */
import { withSession } from '../../shared/backup/session.ts';
import {
  convergeTenantZnodes,
  deleteTenantZnodes,
  lockQuotaRoot,
} from '../../shared/tenants/tenant-znodes.ts';
import type { LocalState } from '../state/state.ts';
import { writeState } from '../state/state.ts';
import { superSasl } from '../state/super-auth.ts';
import { clientServers, writeConnectionFiles } from './connection-files.ts';

export async function applyTenants(
  stateDir: string,
  state: LocalState,
  progress: (message: string) => void,
): Promise<LocalState> {
  const plan = state.tenants;
  if (plan === undefined || (Object.keys(plan.tenants).length === 0 && plan.toDelete.length === 0)) {
    writeConnectionFiles(stateDir, state);
    return state;
  }
  await withSession({ servers: clientServers(state), ...superSasl(state) }, async (client) => {
    if (await lockQuotaRoot(client)) progress('/zookeeper/quota made read-only: only zkop sets quotas');
    for (const tenant of Object.values(plan.tenants)) {
      if (await convergeTenantZnodes(client, tenant))
        progress(`tenant ${tenant.name}: ${tenant.path} converged (ACL sasl:${tenant.user}, quota)`);
    }
    for (const tenant of plan.toDelete) {
      const removed = await deleteTenantZnodes(client, tenant);
      progress(`tenant ${tenant.name} removed (deletionPolicy Delete): ${tenant.path}, ${removed} znode(s)`);
    }
  });
  const next: LocalState = { ...state, tenants: { ...plan, toDelete: [] } };
  if (plan.toDelete.length > 0) writeState(stateDir, next);
  writeConnectionFiles(stateDir, next);
  return next;
}
