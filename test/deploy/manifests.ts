/** Reading zkop's install manifests (deploy/) and the RBAC they grant. */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { type Access, accessKey, CLUSTER_SCOPED } from './controller-access.ts';

export const ROOT = join(import.meta.dirname, '../..');
export const DEPLOY_DIR = join(ROOT, 'deploy');
export const CHART_DIR = join(DEPLOY_DIR, 'helm/zkop');

export interface Manifest {
  readonly apiVersion?: unknown;
  readonly kind?: unknown;
  readonly metadata?: { readonly name?: unknown; readonly namespace?: unknown };
  readonly [field: string]: unknown;
}

export interface RbacRule {
  readonly apiGroups?: readonly string[];
  readonly resources?: readonly string[];
  readonly verbs?: readonly string[];
}

/** The operator image's name in the chart, the kustomize manifests and deploy/image/build.sh. */
export const IMAGE_NAME = 'zkop.dev/operator';

/** The image of the operator's Deployment among `manifests`. */
export function operatorImage(manifests: readonly Manifest[]): string | undefined {
  const deployment = manifests.find((m) => m.kind === 'Deployment');
  const spec = deployment?.spec as { template: { spec: { containers: { image?: string }[] } } } | undefined;
  return spec?.template.spec.containers[0]?.image;
}

/** Chart files that are not Kubernetes objects: Helm's metadata, values and templates. */
const NOT_MANIFESTS = ['helm/zkop/Chart.yaml', 'helm/zkop/values.yaml', 'helm/zkop/templates/'];

/** Every YAML file under deploy/ that holds Kubernetes objects (or kustomizations), relative to deploy/. */
export function manifestFiles(dir = DEPLOY_DIR): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
    .map((e) => relative(DEPLOY_DIR, join(e.parentPath, e.name)))
    .filter((path) => !NOT_MANIFESTS.some((skip) => path === skip || path.startsWith(skip)))
    .sort();
}

/** The documents of a YAML stream; throws with the source's name on a syntax error. */
export function parseManifests(text: string, source: string): Manifest[] {
  return parseAllDocuments(text).flatMap((doc) => {
    if (doc.errors.length > 0) throw new Error(`${source}: ${doc.errors.map((e) => e.message).join('; ')}`);
    const value = doc.toJS() as Manifest | null;
    return value === null ? [] : [value];
  });
}

export const readManifests = (pathInDeploy: string): Manifest[] =>
  parseManifests(readFileSync(join(DEPLOY_DIR, pathInDeploy), 'utf8'), pathInDeploy);

/** The access rules grant, in the form `controllerAccess()` derives. */
export function accessOfRules(rules: readonly RbacRule[]): Access {
  const access: Access = new Map();
  for (const rule of rules) {
    for (const group of rule.apiGroups ?? []) {
      for (const resource of rule.resources ?? []) {
        const key = accessKey(group, resource);
        access.set(key, [...new Set([...(access.get(key) ?? []), ...(rule.verbs ?? [])])].sort());
      }
    }
  }
  return access;
}

/** The rules of the one object of `kind` named `name` (and in `namespace`, when given). */
export function rulesOf(
  manifests: readonly Manifest[],
  kind: string,
  name: string,
  namespace?: string,
): RbacRule[] {
  const found = manifests.filter(
    (m) =>
      m.kind === kind &&
      m.metadata?.name === name &&
      (namespace === undefined || m.metadata?.namespace === namespace),
  );
  if (found.length !== 1) {
    throw new Error(`expected one ${kind} ${namespace ? `${namespace}/` : ''}${name}, found ${found.length}`);
  }
  return (found[0]?.rules as RbacRule[] | undefined) ?? [];
}

/** Access as a sorted plain object, for readable assertion diffs. */
export const asRecord = (access: Access): Record<string, string[]> =>
  Object.fromEntries([...access].sort(([a], [b]) => a.localeCompare(b)));

/**
 * `access` split into what leader election needs (Leases, in the operator's namespace), what only a
 * ClusterRole can grant (cluster-scoped types), and everything else (granted where ZooKeepers live).
 */
export function splitAccess(access: Access): { leases: Access; cluster: Access; rest: Access } {
  const leases: Access = new Map();
  const cluster: Access = new Map();
  const rest: Access = new Map();
  for (const [key, verbs] of access) {
    const bucket =
      key === accessKey('coordination.k8s.io', 'leases') ? leases : CLUSTER_SCOPED.has(key) ? cluster : rest;
    bucket.set(key, verbs);
  }
  return { leases, cluster, rest };
}
