/**
 * The configuration every member's pod shares, rendered by config/: zoo.cfg, the logging config, the
 * JVM flags and the config hash, plus the committed dynamic config new pods start from.
 */
import { configHash } from '../../../config/config-hash.ts';
import { renderDynamicConfig } from '../../../config/dynamic-config.ts';
import { renderJvmFlags } from '../../../config/jvm-flags.ts';
import type { MemberSelf } from '../../../config/layout.ts';
import { renderLoggingConfig } from '../../../config/logging.ts';
import { renderZooCfg } from '../../../config/zoo-cfg.ts';
import type { RenderContext } from './context.ts';
import { CLIENT_BIND_ADDRESS, memberServerEntry } from './members.ts';
import { podPaths } from './pod-layout.ts';

/** The official image's scripts and Kubernetes' env expansion fill these in at start. */
export const SUPER_DIGEST_ENV = 'ZKOP_SUPER_DIGEST';

export interface PodConfig {
  readonly zooCfg: string;
  readonly dynamicConfig: string;
  readonly logging: { readonly fileName: string; readonly content: string };
  readonly jvmFlags: readonly string[];
  readonly configHash: string;
}

/**
 * zoo.cfg and the JVM flags do not depend on the member: paths are the same in every pod, ports bind
 * every interface and the id comes from myid. `id` is only there because MemberSelf asks for one.
 */
export function sharedMemberSelf(ctx: RenderContext): MemberSelf {
  return {
    id: 1,
    paths: podPaths(ctx.spec.storage.dataLog !== null),
    adminPort: ctx.spec.ports.admin,
    metricsPort: ctx.spec.ports.metrics,
    bindAddress: CLIENT_BIND_ADDRESS,
    quorumListenOnAllIPs: true,
  };
}

/** zkServer.sh passes the flags through an unquoted variable, so each must be one word. */
function checkFlagsAreWords(flags: readonly string[]): void {
  for (const flag of flags) {
    if (/\s/.test(flag)) {
      throw new Error(
        `spec.jvm.flags: '${flag}' contains whitespace; give each JVM flag as its own list item without spaces`,
      );
    }
  }
}

export function renderPodConfig(ctx: RenderContext): PodConfig {
  const self = sharedMemberSelf(ctx);
  const logging = renderLoggingConfig('logback');
  const zooCfg = renderZooCfg({ spec: ctx.spec, features: ctx.features, self });
  const jvmFlags = renderJvmFlags({ spec: ctx.spec, self, logging, superDigest: `$(${SUPER_DIGEST_ENV})` });
  checkFlagsAreWords(jvmFlags);
  const servers = ctx.committedMembers.map((m) =>
    memberServerEntry({ ...ctx, ports: ctx.spec.ports }, m.id, m.role),
  );
  return {
    zooCfg,
    dynamicConfig: renderDynamicConfig(servers),
    logging: { fileName: logging.fileName, content: logging.content },
    jvmFlags,
    configHash: configHash({ zooCfg, jvmFlags, logging: logging.content }),
  };
}
