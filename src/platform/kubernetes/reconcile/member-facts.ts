/**
 * What Kubernetes says about each member: its pod (running, the config hash, restart token and image
 * it was started with) and its volumes (whether the data volume ever held the data of a serving
 * member, whether a grown one waits for the pod to start again). Pure.
 */
import type { V1PersistentVolumeClaim, V1Pod } from '@kubernetes/client-node';
import { QUORUM_SASL_STAGES, type QuorumSaslStage } from '../../../config/auth-stage.ts';
import { isQuorumTlsStage, type QuorumTlsStage } from '../../../config/quorum-tls-stage.ts';
import type { StorageState } from '../../../engine/index.ts';
import {
  CLIENT_TLS_ANNOTATION,
  CONFIG_HASH_ANNOTATION,
  memberIdOfOrdinal,
  QUORUM_SASL_ANNOTATION,
  QUORUM_TLS_ANNOTATION,
  RESTART_TOKEN_ANNOTATION,
} from '../render/index.ts';
import { fileSystemWaitsForRestart, volumeOfClaim } from './volume-claims.ts';

/** Set on a member's data volume once the member served from it: a volume without it holds no data. */
export const HOLDS_DATA_ANNOTATION = 'zookeeper.zkop.dev/holds-data';
export const DATA_VOLUME = 'data';

export interface MemberFacts {
  readonly id: number;
  readonly podName: string;
  readonly pod: V1Pod | undefined;
  readonly running: boolean;
  readonly configHash: string;
  /** The restart token the pod was made with; empty for a pod made before any `zkop restart`. */
  readonly restartToken: string;
  /** The quorum TLS stage its pod started at; plaintext for a pod made before zkop ran TLS. */
  readonly quorumTls: QuorumTlsStage;
  readonly quorumSasl: QuorumSaslStage;
  /** Its pod serves clients with TLS on the secure client port. */
  readonly clientTls: boolean;
  /** The image tag when it is a version, e.g. `3.9.4` of `zookeeper:3.9.4`. */
  readonly imageVersion: string | undefined;
  readonly claim: V1PersistentVolumeClaim | undefined;
  readonly storage: StorageState;
  /** Why the pod must start again for its volumes (a file system that grows on mount); else undefined. */
  readonly volumeRestart: string | undefined;
}

/** The StatefulSet ordinal of one of `name`'s pods, or undefined for other pods. */
export function ordinalOf(name: string, podName: string): number | undefined {
  const prefix = `${name}-`;
  if (!podName.startsWith(prefix)) return undefined;
  const rest = podName.slice(prefix.length);
  return /^(0|[1-9][0-9]*)$/.test(rest) ? Number(rest) : undefined;
}

export const claimName = (podName: string): string => `${DATA_VOLUME}-${podName}`;

/** The pod ordinal of a claim `<volume>-<name>-<ordinal>` made by the StatefulSet `name`. */
export function ordinalOfClaim(name: string, claim: string): number | undefined {
  const at = claim.indexOf(`-${name}-`);
  return at > 0 ? ordinalOf(name, claim.slice(at + 1)) : undefined;
}

function imageVersion(pod: V1Pod): string | undefined {
  const image =
    pod.spec?.containers.find((c) => c.name === 'zookeeper')?.image ?? pod.spec?.containers[0]?.image;
  const tag = image?.split('/').at(-1)?.split(':')[1] ?? '';
  return /^\d+\.\d+\.\d+/.exec(tag)?.[0];
}

function quorumTlsOf(pod: V1Pod | undefined): QuorumTlsStage {
  const stage = pod?.metadata?.annotations?.[QUORUM_TLS_ANNOTATION];
  return stage !== undefined && isQuorumTlsStage(stage) ? stage : 'plaintext';
}

function quorumSaslOf(pod: V1Pod | undefined): QuorumSaslStage {
  const stage = pod?.metadata?.annotations?.[QUORUM_SASL_ANNOTATION];
  return QUORUM_SASL_STAGES.find((s) => s === stage) ?? 'off';
}

const isRunning = (pod: V1Pod): boolean =>
  !pod.metadata?.deletionTimestamp && pod.status?.phase !== 'Failed' && pod.status?.phase !== 'Succeeded';

/** The member facts at `now` (ms), which tells how long a grown volume has waited. */
export function memberFacts(
  name: string,
  pods: readonly V1Pod[],
  claims: readonly V1PersistentVolumeClaim[],
  now: number,
): MemberFacts[] {
  const byId = new Map<number, { pod?: V1Pod; claim?: V1PersistentVolumeClaim }>();
  const entry = (id: number) => {
    let e = byId.get(id);
    if (!e) {
      e = {};
      byId.set(id, e);
    }
    return e;
  };
  for (const pod of pods) {
    const ordinal = ordinalOf(name, pod.metadata?.name ?? '');
    if (ordinal !== undefined) entry(memberIdOfOrdinal(ordinal)).pod = pod;
  }
  for (const claim of claims) {
    const ordinal = claim.metadata?.name?.startsWith(`${DATA_VOLUME}-`)
      ? ordinalOfClaim(name, claim.metadata.name)
      : undefined;
    if (ordinal !== undefined && !claim.metadata?.deletionTimestamp)
      entry(memberIdOfOrdinal(ordinal)).claim = claim;
  }
  return [...byId]
    .sort(([a], [b]) => a - b)
    .map(([id, { pod, claim }]) => ({
      id,
      volumeRestart: volumeRestart(name, id, pod, claims, now),
      podName: `${name}-${id - 1}`,
      pod,
      running: pod !== undefined && isRunning(pod),
      configHash: pod?.metadata?.annotations?.[CONFIG_HASH_ANNOTATION] ?? '',
      restartToken: pod?.metadata?.annotations?.[RESTART_TOKEN_ANNOTATION] ?? '',
      quorumTls: quorumTlsOf(pod),
      quorumSasl: quorumSaslOf(pod),
      clientTls: pod?.metadata?.annotations?.[CLIENT_TLS_ANNOTATION] === 'true',
      imageVersion: pod ? imageVersion(pod) : undefined,
      claim,
      storage: !claim
        ? 'none'
        : claim.metadata?.annotations?.[HOLDS_DATA_ANNOTATION] === 'true'
          ? 'data'
          : 'empty',
    }));
}

function volumeRestart(
  name: string,
  id: number,
  pod: V1Pod | undefined,
  claims: readonly V1PersistentVolumeClaim[],
  now: number,
): string | undefined {
  const waiting = claims.find(
    (c) =>
      volumeOfClaim(name, c) !== undefined &&
      ordinalOfClaim(name, c.metadata?.name ?? '') === id - 1 &&
      fileSystemWaitsForRestart(c, pod, now),
  );
  return waiting
    ? `the file system of volume claim ${waiting.metadata?.name} grows only when the member starts again`
    : undefined;
}
