/**
 * What `deletionPolicy: Retain` leaves behind and how a ZooKeeper of the same name takes it back.
 * Retain marks each kept volume claim (and zkop's super user Secret) with the deleted object's uid and
 * its last committed config. A new object with no config of its own resumes from that config when it
 * asks for the same members, so its members start with their data; otherwise it is refused, as
 * starting members from volumes of another shape would put two configs in one ensemble (resume.ts
 * takes them back).
 */
import type { KubernetesObject, V1OwnerReference, V1PersistentVolumeClaim } from '@kubernetes/client-node';
import type { ResolvedSpec } from '../../../api/defaults.ts';
import type { EnsembleConfig } from '../../../engine/index.ts';
import type { KubeApi } from '../client/kube-api.ts';
import { SECRETS } from '../client/resources.ts';
import { initialMembers, MANAGED_BY, objectNames, type ZooKeeperObject } from '../render/index.ts';

/** On what Retain kept: `{"uid":…,"configVersion":"0x…","members":[{"id":1,"role":"participant"}]}`. */
export const RETAINED_ANNOTATION = 'zookeeper.zkop.dev/retained-from';

export interface RetainedRecord {
  readonly uid: string;
  readonly config: EnsembleConfig | undefined;
}

export function retainedRecord(uid: string, config: EnsembleConfig | undefined): string {
  return JSON.stringify({
    uid,
    ...(config
      ? {
          configVersion: `0x${config.version.toString(16)}`,
          members: config.members.map(({ id, role }) => ({ id, role })),
        }
      : {}),
  });
}

export function parseRetained(object: KubernetesObject): RetainedRecord | 'unreadable' | undefined {
  const text = object.metadata?.annotations?.[RETAINED_ANNOTATION];
  if (text === undefined) return undefined;
  try {
    const value = JSON.parse(text) as { uid?: unknown; configVersion?: unknown; members?: unknown };
    if (typeof value.uid !== 'string') return 'unreadable';
    if (value.configVersion === undefined) return { uid: value.uid, config: undefined };
    const members = value.members as { id: number; role: 'participant' | 'observer' }[];
    const valid =
      typeof value.configVersion === 'string' &&
      Array.isArray(members) &&
      members.every((m) => Number.isInteger(m?.id) && (m.role === 'participant' || m.role === 'observer'));
    if (!valid) return 'unreadable';
    return {
      uid: value.uid,
      config: {
        version: BigInt(value.configVersion as string),
        members: members.map(({ id, role }) => ({ id, role })),
      },
    };
  } catch {
    return 'unreadable';
  }
}

/** Kept by Retain from another ZooKeeper object (a deleted one of the same name). */
export const isForeignRetained = (object: KubernetesObject, uid: string): boolean => {
  const record = parseRetained(object);
  return record !== undefined && (record === 'unreadable' || record.uid !== uid);
};

/** The owner references left once those to `uid` are removed; null removes the field in a merge patch. */
export function ownersWithout(object: KubernetesObject, uid: string): V1OwnerReference[] | null {
  const rest = (object.metadata?.ownerReferences ?? []).filter((r) => r.uid !== uid);
  return rest.length > 0 ? rest : null;
}

const describeConfig = (members: readonly { id: number; role: string }[]): string => {
  const voters = members.filter((m) => m.role === 'participant').length;
  const observers = members.length - voters;
  return `${voters} voter${voters === 1 ? '' : 's'} and ${observers} observer${observers === 1 ? '' : 's'}`;
};

export type RetainedVerdict =
  | { readonly config: EnsembleConfig; readonly claims: readonly string[] }
  | { readonly problem: string };

/**
 * For an object that has recorded no config yet: the config its retained claims were kept with, when
 * it asks for exactly those members; a problem when it does not, or the claims disagree; undefined
 * when no claim was retained from another object (or the kept ensemble had no config yet).
 */
export function retainedConfig(
  zk: ZooKeeperObject,
  spec: Pick<ResolvedSpec, 'replicas' | 'observers'>,
  claims: readonly V1PersistentVolumeClaim[],
): RetainedVerdict | undefined {
  const kept = claims.filter((c) => isForeignRetained(c, zk.metadata.uid));
  if (kept.length === 0) return undefined;
  const names = kept.map((c) => c.metadata?.name ?? '').sort();
  const listed = names.join(', ');
  const records = kept.map(parseRetained);
  const keys = new Set(records.map((r) => (r === 'unreadable' || r === undefined ? 'unreadable' : keyOf(r))));
  const [first] = records;
  if (keys.size !== 1 || first === 'unreadable' || first === undefined) {
    return {
      problem:
        `volume claims ${listed} were kept (deletionPolicy Retain) from more than one deleted ensemble or carry an ` +
        `unreadable ${RETAINED_ANNOTATION} annotation, so zkop will not guess which data to serve: delete the claims ` +
        'that are not wanted, or this object',
    };
  }
  if (!first.config) return undefined;
  const wanted = initialMembers(spec);
  const same =
    wanted.length === first.config.members.length &&
    wanted.every((w) => first.config?.members.some((m) => m.id === w.id && m.role === w.role));
  if (!same) {
    return {
      problem:
        `volume claims ${listed} were kept (deletionPolicy Retain) from a deleted ensemble of this name with ` +
        `${describeConfig(first.config.members)}, but this spec asks for ${describeConfig(wanted)}: set ` +
        `spec.replicas and spec.observers to match to bring the ensemble back with its data, or delete the claims ` +
        'to start an empty one',
    };
  }
  return { config: first.config, claims: names };
}

const keyOf = (r: RetainedRecord): string =>
  `${r.uid}/${r.config?.version ?? ''}/${(r.config?.members ?? []).map((m) => `${m.id}:${m.role}`).join(',')}`;

/** zkop's generated super user Secret of `zk`, when the spec does not name the user's own. */
export async function generatedSecret(
  api: KubeApi,
  zk: ZooKeeperObject,
): Promise<KubernetesObject | undefined> {
  if (zk.spec.auth?.superuserSecretName) return undefined;
  const secret = await api.get(SECRETS, {
    namespace: zk.metadata.namespace,
    name: objectNames(zk.metadata.name).superUserSecret,
  });
  return secret?.metadata?.labels?.['app.kubernetes.io/managed-by'] === MANAGED_BY ? secret : undefined;
}
