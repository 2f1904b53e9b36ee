/**
 * The StatefulSet. zkop, not the StatefulSet controller, decides when a pod restarts (`OnDelete`) and
 * pods start together (`Parallel`): the engine orders every change to keep a quorum serving.
 */
import type { V1PersistentVolumeClaim, V1PodSpec, V1StatefulSet } from '@kubernetes/client-node';
import type { Quantity } from '../../../api/spec.ts';
import { podAffinity } from './affinity.ts';
import { bootstrapContainers } from './bootstrap.ts';
import { initContainer, serverContainer } from './containers.ts';
import type { RenderContext } from './context.ts';
import { jaasVolumes } from './jaas.ts';
import {
  CLIENT_SASL_ANNOTATION,
  CLIENT_TLS_ANNOTATION,
  CONFIG_HASH_ANNOTATION,
  MANAGED_BY,
  objectLabels,
  objectMeta,
  QUORUM_SASL_ANNOTATION,
  QUORUM_TLS_ANNOTATION,
  RESTART_TOKEN_ANNOTATION,
  ROUTED_LABEL,
  selectorLabels,
} from './metadata.ts';
import type { PodConfig } from './pod-config.ts';
import { VOLUMES } from './pod-layout.ts';
import { podSecurityContext } from './security-context.ts';
import { tlsFilesContainer, tlsVolumes } from './tls.ts';

const READ_ONLY_FILES = 0o444;

function claim(ctx: RenderContext, name: string, size: Quantity): V1PersistentVolumeClaim {
  const { storageClassName } = ctx.spec.storage;
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name, labels: objectLabels(ctx.name, 'server') },
    spec: {
      accessModes: ['ReadWriteOnce'],
      ...(storageClassName ? { storageClassName } : {}),
      resources: { requests: { storage: String(size) } },
    },
  };
}

function podSpec(ctx: RenderContext, config: PodConfig): V1PodSpec {
  const { pod } = ctx.spec;
  const affinity = podAffinity(ctx);
  return {
    serviceAccountName: ctx.names.serviceAccount,
    terminationGracePeriodSeconds: ctx.spec.terminationGracePeriodSeconds,
    automountServiceAccountToken: false,
    // Service environment variables would only clutter ZooKeeper's environment.
    enableServiceLinks: false,
    securityContext: podSecurityContext(ctx),
    initContainers: [...bootstrapContainers(ctx), ...tlsFilesContainer(ctx), initContainer(ctx, config)],
    containers: [serverContainer(ctx, config)],
    volumes: [
      { name: VOLUMES.source, configMap: { name: ctx.names.configMap, defaultMode: READ_ONLY_FILES } },
      { name: VOLUMES.logs, emptyDir: {} },
      { name: VOLUMES.tmp, emptyDir: {} },
      ...tlsVolumes(ctx),
      ...jaasVolumes(ctx),
    ],
    ...(Object.keys(pod.nodeSelector).length > 0 ? { nodeSelector: { ...pod.nodeSelector } } : {}),
    ...(affinity ? { affinity } : {}),
    ...(pod.tolerations.length > 0 ? { tolerations: structuredClone(pod.tolerations) } : {}),
    ...(pod.topologySpreadConstraints.length > 0
      ? {
          topologySpreadConstraints: structuredClone(
            pod.topologySpreadConstraints,
          ) as unknown as V1PodSpec['topologySpreadConstraints'],
        }
      : {}),
    ...(pod.priorityClassName ? { priorityClassName: pod.priorityClassName } : {}),
  };
}

export function renderStatefulSet(ctx: RenderContext, config: PodConfig): V1StatefulSet {
  const { pod, storage } = ctx.spec;
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: objectMeta(ctx, ctx.names.statefulSet, 'server'),
    spec: {
      serviceName: ctx.names.headlessService,
      replicas: ctx.podCount,
      selector: { matchLabels: selectorLabels(ctx.name) },
      podManagementPolicy: 'Parallel',
      updateStrategy: { type: 'OnDelete' },
      // zkop deletes volumes itself, as spec.deletionPolicy says and only after a member left.
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
      template: {
        metadata: {
          labels: {
            ...pod.labels,
            ...selectorLabels(ctx.name),
            'app.kubernetes.io/managed-by': MANAGED_BY,
            [ROUTED_LABEL]: 'true',
          },
          annotations: {
            ...pod.annotations,
            [CONFIG_HASH_ANNOTATION]: config.configHash,
            [QUORUM_TLS_ANNOTATION]: ctx.quorumTls,
            [CLIENT_TLS_ANNOTATION]: String(ctx.spec.tls.client.enabled),
            // Only where on: templates of ensembles without SASL stay as they were.
            ...(ctx.quorumSasl !== 'off' ? { [QUORUM_SASL_ANNOTATION]: ctx.quorumSasl } : {}),
            ...(ctx.spec.auth.client.sasl ? { [CLIENT_SASL_ANNOTATION]: 'true' } : {}),
            // OnDelete: a new token changes only the pods the engine restarts, one at a time.
            ...(ctx.restartToken ? { [RESTART_TOKEN_ANNOTATION]: ctx.restartToken } : {}),
          },
        },
        spec: podSpec(ctx, config),
      },
      volumeClaimTemplates: [
        claim(ctx, VOLUMES.data, ctx.volumeSizes.data ?? storage.size),
        ...(storage.dataLog
          ? [claim(ctx, VOLUMES.dataLog, ctx.volumeSizes.dataLog ?? storage.dataLog.size)]
          : []),
      ],
    },
  };
}
