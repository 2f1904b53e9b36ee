/** Spec fields that only mean something on Kubernetes; `zkop up` accepts and ignores them. */
import type { TSchema } from '@sinclair/typebox';
import { fieldPath } from './field-error.ts';
import { type ZooKeeperSpec, ZooKeeperSpecSchema } from './spec.ts';

/** Spec paths (and everything below them) that have no meaning for local members. */
export const KUBERNETES_ONLY_PATHS = [
  'image',
  // Local members share one address, so each gets its own free ports instead.
  'ports',
  'resources',
  'storage.size',
  'storage.storageClassName',
  // Volumes; local members always keep transaction logs in their own directory.
  'storage.dataLog',
  'pod',
  'services',
  'disruption',
  // Certificates from cert-manager or a Secret; locally zkop runs the CA.
  'tls.issuerRef',
  'tls.secretName',
  'auth.superuserSecretName',
  // Locally zkop keeps credentials in the ensemble's auth directory.
  'auth.quorum.secretName',
  'monitoring.serviceMonitor',
  'monitoring.prometheusRule',
  'monitoring.alerts',
  'deletionPolicy',
] as const;

/** Paths of the fields set in `value`, descending only into objects with fixed properties. */
function setFields(schema: TSchema, value: unknown, path: string[]): string[][] {
  const properties: Record<string, TSchema> | undefined = schema.properties;
  if (!properties || typeof value !== 'object' || value === null) return [path];
  return Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .flatMap(([key, v]) => {
      const sub = properties[key];
      return sub ? setFields(sub, v, [...path, key]) : [[...path, key]];
    });
}

const under = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}.`);

/** The Kubernetes-only fields set in a manifest's spec (not defaults), as paths like `spec.pod.affinity`. */
export function kubernetesOnlyFields(spec: ZooKeeperSpec): string[] {
  return setFields(ZooKeeperSpecSchema, spec, [])
    .map((segments) => segments.join('.'))
    .filter((path) => KUBERNETES_ONLY_PATHS.some((prefix) => under(path, prefix)))
    .map((path) => fieldPath(['spec', ...path.split('.')]));
}
