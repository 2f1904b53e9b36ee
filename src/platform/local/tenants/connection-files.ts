/**
 * Each tenant's connection files under `<stateDir>/<ensemble>/tenants/<tenant>/`: `connection.json`
 * (tenant-connection.ts) and `jaas.conf` (a JAAS `Client` section), both readable by the owner only;
 * the folders of tenants that are gone are removed.
 */
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { findVersion } from '../../../api/versions.ts';
import { clientSection } from '../../../config/jaas.ts';
import { tenantConnection } from '../../shared/tenants/tenant-connection.ts';
import { writeFileAtomic } from '../state/atomic-file.ts';
import type { LocalState } from '../state/state.ts';
import { ensembleDir } from '../state/state-layout.ts';

const CONNECTION_FILE = 'connection.json';
const CLIENT_JAAS_FILE = 'jaas.conf';

export const tenantsDir = (stateDir: string, name: string): string =>
  join(ensembleDir(stateDir, name), 'tenants');

export const connectionFile = (stateDir: string, name: string, tenant: string): string =>
  join(tenantsDir(stateDir, name), tenant, CONNECTION_FILE);

/** `host:port,...` of every member's client port. */
export const clientServers = (state: LocalState): string =>
  state.members.map((m) => `${m.host}:${m.ports.client}`).join(',');

export function writeConnectionFiles(stateDir: string, state: LocalState): void {
  const root = tenantsDir(stateDir, state.name);
  const tenants = Object.values(state.tenants?.tenants ?? {});
  const features = findVersion(state.version) ?? { fipsModeByDefault: false };
  for (const tenant of tenants) {
    const dir = join(root, tenant.name);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const jaasFile = join(dir, CLIENT_JAAS_FILE);
    writeFileAtomic(jaasFile, clientSection({ name: tenant.user, password: tenant.password }), 0o600);
    const connection = tenantConnection(tenant, clientServers(state), jaasFile, features);
    writeFileAtomic(join(dir, CONNECTION_FILE), `${JSON.stringify(connection, null, 2)}\n`, 0o600);
  }
  const kept = new Set(tenants.map((t) => t.name));
  let present: string[] = [];
  try {
    present = readdirSync(root);
  } catch {
    return;
  }
  for (const entry of present)
    if (!kept.has(entry)) rmSync(join(root, entry), { recursive: true, force: true });
}
