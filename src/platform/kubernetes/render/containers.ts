/** The pod's two containers, both running the official image unmodified. */
import type { V1Container, V1EnvVar, V1ResourceRequirements, V1VolumeMount } from '@kubernetes/client-node';
import { metricsEnabled } from '../../../config/zoo-cfg.ts';
import type { RenderContext } from './context.ts';
import { jaasMounts } from './jaas.ts';
import { plainClientBindAddress } from './members.ts';
import { memberDomain } from './names.ts';
import type { PodConfig } from './pod-config.ts';
import { SUPER_DIGEST_ENV } from './pod-config.ts';
import {
  CLASS_ARCHIVE_DIR,
  DATA_LOG_MOUNT,
  DATA_MOUNT,
  LOG_DIR,
  podPaths,
  SOURCE_DIR,
  TMP_DIR,
  VOLUMES,
} from './pod-layout.ts';
import { livenessProbe, readinessProbe, startupProbe } from './probes.ts';
import { INIT_ENV, INIT_SCRIPT, PEER_WAIT_SECONDS } from './scripts.ts';
import { SUPER_SECRET_DIGEST_KEY } from './secret.ts';
import { containerSecurityContext } from './security-context.ts';
import { tlsMounts } from './tls.ts';

export const INIT_CONTAINER = 'prepare-config';
export const SERVER_CONTAINER = 'zookeeper';

function resources(ctx: RenderContext): V1ResourceRequirements {
  const asStrings = (m: Record<string, string | number>) =>
    Object.fromEntries(Object.entries(m).map(([k, v]) => [k, String(v)]));
  const { requests, limits } = ctx.spec.resources;
  return {
    ...(Object.keys(limits).length > 0 ? { limits: asStrings(limits) } : {}),
    ...(Object.keys(requests).length > 0 ? { requests: asStrings(requests) } : {}),
  };
}

function volumeMounts(ctx: RenderContext, extra: V1VolumeMount[]): V1VolumeMount[] {
  return [
    { name: VOLUMES.data, mountPath: DATA_MOUNT },
    ...(ctx.spec.storage.dataLog ? [{ name: VOLUMES.dataLog, mountPath: DATA_LOG_MOUNT }] : []),
    { name: VOLUMES.source, mountPath: SOURCE_DIR, readOnly: true },
    ...extra,
  ];
}

const env = (name: string, value: string | number): V1EnvVar => ({ name, value: String(value) });

/**
 * How long a member pod being deleted keeps serving before its process gets SIGTERM: the time for zkop
 * to take it out of its member Service and for kube-proxy on every node to stop sending it new
 * connections (kube-proxy applies changes at most once a second). Within the pod's grace period.
 */
export const LEAVE_SERVICE_SECONDS = 2;

function preStop(ctx: RenderContext): Pick<V1Container, 'lifecycle'> {
  const seconds = Math.min(LEAVE_SERVICE_SECONDS, ctx.spec.terminationGracePeriodSeconds - 1);
  return seconds > 0 ? { lifecycle: { preStop: { sleep: { seconds } } } } : {};
}

export function initContainer(ctx: RenderContext, config: PodConfig): V1Container {
  const paths = podPaths(ctx.spec.storage.dataLog !== null);
  const { ports } = ctx.spec;
  return {
    name: INIT_CONTAINER,
    image: ctx.spec.image,
    command: ['bash', `${SOURCE_DIR}/${INIT_SCRIPT}`],
    env: [
      { name: INIT_ENV.podName, valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      env(INIT_ENV.sourceDir, SOURCE_DIR),
      env(INIT_ENV.confDir, paths.confDir),
      env(INIT_ENV.dataDir, paths.dataDir),
      env(INIT_ENV.dataLogDir, paths.dataLogDir),
      env(INIT_ENV.loggingFile, config.logging.fileName),
      env(INIT_ENV.memberDomain, memberDomain(ctx.namespace, ctx.clusterDomain)),
      env(INIT_ENV.quorumPort, ports.quorum),
      env(INIT_ENV.electionPort, ports.leaderElection),
      env(INIT_ENV.clientPort, ports.client),
      env(INIT_ENV.clientBindAddress, plainClientBindAddress(ctx.spec.tls.client.enabled)),
      env(INIT_ENV.peerWaitSeconds, PEER_WAIT_SECONDS),
      env(INIT_ENV.classArchiveDir, CLASS_ARCHIVE_DIR),
      env(INIT_ENV.jvmFlags, config.jvmFlags.join(' ')),
    ],
    resources: resources(ctx),
    securityContext: containerSecurityContext(),
    volumeMounts: volumeMounts(ctx, []),
  };
}

/**
 * `zkServer.sh start-foreground` from the image, pointed at the writable config on the data volume.
 * zkServer.sh puts SERVER_JVMFLAGS after its own flags, so zkop's heap and log settings win.
 */
export function serverContainer(ctx: RenderContext, config: PodConfig): V1Container {
  const { ports } = ctx.spec;
  const paths = podPaths(ctx.spec.storage.dataLog !== null);
  return {
    name: SERVER_CONTAINER,
    image: ctx.spec.image,
    command: ['zkServer.sh', 'start-foreground'],
    env: [
      env('ZOOCFGDIR', paths.confDir),
      env('ZOO_LOG_DIR', paths.logDir),
      // Remote JMX is not used: metrics come from the Prometheus endpoint, state from 4lw and AdminServer.
      env('JMXDISABLE', 'true'),
      {
        name: SUPER_DIGEST_ENV,
        valueFrom: { secretKeyRef: { name: ctx.superPasswordSecretName, key: SUPER_SECRET_DIGEST_KEY } },
      },
      // Kubernetes expands $(ZKOP_SUPER_DIGEST) in the flags from the variable above.
      env('SERVER_JVMFLAGS', config.jvmFlags.join(' ')),
    ],
    ports: [
      ctx.spec.tls.client.enabled
        ? { name: 'client-tls', containerPort: ports.secureClient, protocol: 'TCP' }
        : { name: 'client', containerPort: ports.client, protocol: 'TCP' },
      { name: 'quorum', containerPort: ports.quorum, protocol: 'TCP' },
      { name: 'election', containerPort: ports.leaderElection, protocol: 'TCP' },
      { name: 'admin', containerPort: ports.admin, protocol: 'TCP' },
      ...(metricsEnabled(ctx.spec, ctx.features)
        ? [{ name: 'metrics', containerPort: ports.metrics, protocol: 'TCP' }]
        : []),
    ],
    startupProbe: startupProbe(ports.client),
    readinessProbe: readinessProbe(ports.client),
    livenessProbe: livenessProbe(ports.client),
    ...preStop(ctx),
    resources: resources(ctx),
    securityContext: containerSecurityContext(),
    volumeMounts: volumeMounts(ctx, [
      { name: VOLUMES.logs, mountPath: LOG_DIR },
      { name: VOLUMES.tmp, mountPath: TMP_DIR },
      ...tlsMounts(ctx),
      ...jaasMounts(ctx),
    ]),
  };
}
