/**
 * The CustomResourceDefinition of the ZooKeeperTenant resource, derived from its TypeBox schema the
 * way crd.ts derives the ZooKeeper one; installed with it (the operator carries tenants out).
 */
import { stringify } from 'yaml';
import { CRD_GENERATE_COMMAND, customResourceDefinition } from './crd.ts';
import { GROUP } from './spec.ts';
import {
  TENANT_KIND,
  ZooKeeperTenantSchema,
  ZooKeeperTenantSpecSchema,
  ZooKeeperTenantStatusSchema,
} from './tenant.ts';

export const TENANT_PLURAL = 'zookeepertenants';
export const TENANT_CRD_FILE = `deploy/crds/${GROUP}_${TENANT_PLURAL}.yaml`;

const printerColumns = [
  { name: 'Ensemble', type: 'string', jsonPath: '.spec.ensemble' },
  { name: 'Path', type: 'string', jsonPath: '.spec.path' },
  { name: 'Ready', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status' },
  { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
];

export const buildTenantCrd = (): Record<string, unknown> =>
  customResourceDefinition({
    kind: TENANT_KIND,
    plural: TENANT_PLURAL,
    singular: 'zookeepertenant',
    shortNames: ['zkt'],
    description:
      "A path of a ZooKeeper ensemble that belongs to one application, with the application's credentials.",
    object: ZooKeeperTenantSchema,
    spec: ZooKeeperTenantSpecSchema,
    status: ZooKeeperTenantStatusSchema,
    printerColumns,
  });

/** The tenant CRD file's exact content. */
export function renderTenantCrdYaml(): string {
  const header = `# Generated from src/api/tenant.ts by \`${CRD_GENERATE_COMMAND}\`. Do not edit.\n`;
  return header + stringify(buildTenantCrd(), { lineWidth: 0 });
}
