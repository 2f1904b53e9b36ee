/**
 * Security contexts that meet the PodSecurity `restricted` profile. The official image runs ZooKeeper
 * as user and group `zookeeper` (uid and gid 1000).
 */
import type { V1PodSecurityContext, V1SecurityContext } from '@kubernetes/client-node';
import type { RenderContext } from './context.ts';

export const ZOOKEEPER_UID = 1000;
export const ZOOKEEPER_GID = 1000;

const RUNTIME_DEFAULT_SECCOMP = { type: 'RuntimeDefault' } as const;

/** zkop's pod security context, with the fields of `spec.pod.securityContext` laid over it. */
export function podSecurityContext(ctx: RenderContext): V1PodSecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser: ZOOKEEPER_UID,
    runAsGroup: ZOOKEEPER_GID,
    fsGroup: ZOOKEEPER_GID,
    // Volumes keep their ownership after the first start; re-chowning large data volumes is slow.
    fsGroupChangePolicy: 'OnRootMismatch',
    seccompProfile: { ...RUNTIME_DEFAULT_SECCOMP },
    ...(ctx.spec.pod.securityContext as V1PodSecurityContext),
  };
}

/** Every container: no privileges, no capabilities, nothing written outside its volumes. */
export function containerSecurityContext(): V1SecurityContext {
  return {
    runAsNonRoot: true,
    allowPrivilegeEscalation: false,
    privileged: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { ...RUNTIME_DEFAULT_SECCOMP },
  };
}
