/** Writes the CRDs generated from src/api/spec.ts, tenant.ts, backup.ts and backup-schedule.ts. Usage: scripts/node scripts/gen-crd.ts */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  BACKUP_CRD_FILE,
  BACKUP_SCHEDULE_CRD_FILE,
  renderBackupCrdYaml,
  renderBackupScheduleCrdYaml,
} from '../src/api/backup-crd.ts';
import { CRD_FILE, renderCrdYaml } from '../src/api/crd.ts';
import { renderTenantCrdYaml, TENANT_CRD_FILE } from '../src/api/tenant-crd.ts';

const root = join(import.meta.dirname, '..');
for (const [file, content] of [
  [CRD_FILE, renderCrdYaml()],
  [TENANT_CRD_FILE, renderTenantCrdYaml()],
  [BACKUP_CRD_FILE, renderBackupCrdYaml()],
  [BACKUP_SCHEDULE_CRD_FILE, renderBackupScheduleCrdYaml()],
] as const) {
  const target = join(root, file);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, content);
  console.log(`wrote ${file}`);
}
