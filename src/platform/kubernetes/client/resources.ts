/** The resource types zkop reads and writes, and the URL path of each. */
import type { KubernetesObject } from '@kubernetes/client-node';
import { BACKUP_KIND } from '../../../api/backup.ts';
import { BACKUP_SCHEDULE_KIND } from '../../../api/backup-schedule.ts';
import { API_VERSION, KIND } from '../../../api/spec.ts';
import { TENANT_KIND } from '../../../api/tenant.ts';

export interface ResourceType {
  readonly apiVersion: string;
  readonly kind: string;
  readonly plural: string;
  readonly namespaced: boolean;
}

const core = (kind: string, plural: string): ResourceType => ({
  apiVersion: 'v1',
  kind,
  plural,
  namespaced: true,
});
const grouped = (apiVersion: string, kind: string, plural: string): ResourceType => ({
  apiVersion,
  kind,
  plural,
  namespaced: true,
});

export const ZOOKEEPERS = grouped(API_VERSION, KIND, 'zookeepers');
export const TENANTS = grouped(API_VERSION, TENANT_KIND, 'zookeepertenants');
export const BACKUPS = grouped(API_VERSION, BACKUP_KIND, 'zookeeperbackups');
export const BACKUP_SCHEDULES = grouped(API_VERSION, BACKUP_SCHEDULE_KIND, 'zookeeperbackupschedules');
export const STATEFULSETS = grouped('apps/v1', 'StatefulSet', 'statefulsets');
export const PODS = core('Pod', 'pods');
export const PVCS = core('PersistentVolumeClaim', 'persistentvolumeclaims');
export const CONFIGMAPS = core('ConfigMap', 'configmaps');
export const SERVICES = core('Service', 'services');
export const SECRETS = core('Secret', 'secrets');
export const SERVICE_ACCOUNTS = core('ServiceAccount', 'serviceaccounts');
export const ENDPOINT_SLICES = grouped('discovery.k8s.io/v1', 'EndpointSlice', 'endpointslices');
export const PDBS = grouped('policy/v1', 'PodDisruptionBudget', 'poddisruptionbudgets');
export const NETWORK_POLICIES = grouped('networking.k8s.io/v1', 'NetworkPolicy', 'networkpolicies');
export const SERVICE_MONITORS = grouped('monitoring.coreos.com/v1', 'ServiceMonitor', 'servicemonitors');
export const POD_MONITORS = grouped('monitoring.coreos.com/v1', 'PodMonitor', 'podmonitors');
export const PROMETHEUS_RULES = grouped('monitoring.coreos.com/v1', 'PrometheusRule', 'prometheusrules');
export const CERTIFICATES = grouped('cert-manager.io/v1', 'Certificate', 'certificates');
export const LEASES = grouped('coordination.k8s.io/v1', 'Lease', 'leases');
export const EVENTS = grouped('events.k8s.io/v1', 'Event', 'events');
export const STORAGE_CLASSES: ResourceType = {
  apiVersion: 'storage.k8s.io/v1',
  kind: 'StorageClass',
  plural: 'storageclasses',
  namespaced: false,
};

const KNOWN = [
  ZOOKEEPERS,
  TENANTS,
  BACKUPS,
  BACKUP_SCHEDULES,
  STATEFULSETS,
  PODS,
  PVCS,
  CONFIGMAPS,
  SERVICES,
  SECRETS,
  SERVICE_ACCOUNTS,
  ENDPOINT_SLICES,
  PDBS,
  NETWORK_POLICIES,
  SERVICE_MONITORS,
  POD_MONITORS,
  PROMETHEUS_RULES,
  CERTIFICATES,
  LEASES,
  EVENTS,
];

/** The resource type of a rendered object, by its apiVersion and kind. */
export function resourceOf(object: KubernetesObject): ResourceType {
  const type = KNOWN.find((t) => t.apiVersion === object.apiVersion && t.kind === object.kind);
  if (!type) throw new Error(`zkop does not manage objects of kind ${object.apiVersion}/${object.kind}`);
  return type;
}

/** `/api/v1/namespaces/ns/pods/name/status`, `/apis/apps/v1/statefulsets`, ... */
export function resourcePath(
  type: ResourceType,
  namespace?: string,
  name?: string,
  subresource?: string,
): string {
  const base = type.apiVersion.includes('/') ? `/apis/${type.apiVersion}` : `/api/${type.apiVersion}`;
  const ns = type.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  const obj = name ? `/${encodeURIComponent(name)}` : '';
  const sub = name && subresource ? `/${subresource}` : '';
  return `${base}${ns}/${type.plural}${obj}${sub}`;
}
