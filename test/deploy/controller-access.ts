/**
 * The API access `zkop operator` needs, derived from the controller's code: the types it watches
 * (operator/controller.ts), the calls it makes with a fixed resource type (directly or through
 * deleteEach), and the objects it renders for an ensemble with every option on (applied by
 * server-side apply, read live first).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as resources from '../../src/platform/kubernetes/client/resources.ts';
import { type ResourceType, resourceOf } from '../../src/platform/kubernetes/client/resources.ts';
import { renderContext } from '../../src/platform/kubernetes/render/context.ts';
import { renderObjects } from '../../src/platform/kubernetes/render/render-objects.ts';
import { GOLDEN_CASES } from '../../src/platform/kubernetes/render/testing/testdata-cases.ts';
import { renderCertificates } from '../../src/platform/kubernetes/render/tls-secrets.ts';

const CONTROLLER_DIR = join(import.meta.dirname, '../../src/platform/kubernetes');
const ISSUER = { kind: 'ClusterIssuer' as const, name: 'ca', group: 'cert-manager.io' };

/** `group/resource` (core group: empty) to the sorted verbs needed on it. */
export type Access = Map<string, string[]>;

/** The RBAC verbs each KubeApi method needs. Apply may create the object, which the API server authorizes as create. */
const VERBS_OF_METHOD: Readonly<Record<string, readonly string[]>> = {
  get: ['get'],
  list: ['list'],
  watch: ['watch'],
  create: ['create'],
  replace: ['update'],
  mergePatch: ['patch'],
  delete: ['delete'],
  apply: ['patch', 'create'],
  applyStatus: ['patch'],
};

const TYPES_BY_CONSTANT = new Map(
  Object.entries(resources).filter(
    (entry): entry is [string, ResourceType] =>
      typeof entry[1] === 'object' && entry[1] !== null && 'plural' in entry[1],
  ),
);

const groupOf = (type: ResourceType): string =>
  type.apiVersion.includes('/') ? (type.apiVersion.split('/')[0] ?? '') : '';

export const accessKey = (group: string, resource: string): string => `${group}/${resource}`;

/** Access keys of the cluster-scoped types: a Role in a namespace cannot grant them. */
export const CLUSTER_SCOPED: ReadonlySet<string> = new Set(
  [...TYPES_BY_CONSTANT.values()].filter((t) => !t.namespaced).map((t) => accessKey(groupOf(t), t.plural)),
);

function grant(access: Access, type: ResourceType, verbs: readonly string[], subresource?: string): void {
  const key = accessKey(groupOf(type), subresource ? `${type.plural}/${subresource}` : type.plural);
  access.set(key, [...new Set([...(access.get(key) ?? []), ...verbs])].sort());
}

function constantType(name: string, where: string): ResourceType {
  const type = TYPES_BY_CONSTANT.get(name);
  if (!type) throw new Error(`${where}: ${name} is not a resource type of resources.ts`);
  return type;
}

/**
 * Controller sources: tests, test support, the HTTP transport and the command line's own client
 * (user-client/, which acts as the user) left out.
 */
function controllerSources(dir = CONTROLLER_DIR): { file: string; text: string }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory())
      return ['testing', 'user-client'].includes(entry.name) ? [] : controllerSources(path);
    if (!entry.name.endsWith('.ts') || entry.name.endsWith('.test.ts')) return [];
    if (['http-api.ts', 'kube-api.ts'].includes(entry.name)) return [];
    return [{ file: path, text: readFileSync(path, 'utf8') }];
  });
}

export function controllerAccess(): Access {
  const access: Access = new Map();
  const methods = Object.keys(VERBS_OF_METHOD).join('|');
  const call = new RegExp(`\\.(${methods})\\b[^(;]*?\\(\\s*([A-Z][A-Z_]+)\\b`, 'g');
  for (const { file, text } of controllerSources()) {
    for (const [, method = '', constant = ''] of text.matchAll(call)) {
      const type = constantType(constant, file);
      if (method === 'applyStatus') grant(access, type, VERBS_OF_METHOD[method] ?? [], 'status');
      else grant(access, type, VERBS_OF_METHOD[method] ?? []);
    }
    // kube-api.ts's deleteEach(api, TYPE, objects) deletes objects of TYPE.
    for (const [, constant = ''] of text.matchAll(/\bdeleteEach\(\s*[^,]+,\s*([A-Z][A-Z_]+)\b/g)) {
      grant(access, constantType(constant, file), VERBS_OF_METHOD.delete ?? []);
    }
  }
  const controller = readFileSync(join(CONTROLLER_DIR, 'operator', 'controller.ts'), 'utf8');
  const watched = controller.match(/const watched[^=]*=\s*\[([\s\S]*?)\];/)?.[1];
  if (!watched) throw new Error('controller.ts: the list of watched types was not found');
  for (const [, constant = ''] of watched.matchAll(/\[\s*([A-Z][A-Z_]+)\s*,/g)) {
    grant(access, constantType(constant, 'controller.ts'), ['list', 'watch']);
  }
  const everything = GOLDEN_CASES.everything;
  if (!everything) throw new Error('render test data: the case with every option on is missing');
  // Certificates come from cert-manager when the spec names an issuer (instead of a Secret).
  const { secretName: _, ...tls } = everything.zk.spec.tls ?? {};
  const issued = { ...everything.zk, spec: { ...everything.zk.spec, tls: { ...tls, issuerRef: ISSUER } } };
  const rendered = [
    ...renderObjects(everything.zk, everything.options),
    ...renderCertificates(renderContext(issued, everything.options)),
  ];
  for (const object of rendered) {
    const type = resourceOf(object);
    grant(access, type, ['get', ...(VERBS_OF_METHOD.apply ?? [])]);
    const owners = (object.metadata?.ownerReferences ?? []).filter((o) => o.blockOwnerDeletion);
    // Setting blockOwnerDeletion needs update on the owner's finalizers (OwnerReferencesPermissionEnforcement).
    for (const owner of owners) {
      const ownerType = resourceOf({ apiVersion: owner.apiVersion, kind: owner.kind });
      grant(access, ownerType, ['update'], 'finalizers');
    }
  }
  return access;
}
