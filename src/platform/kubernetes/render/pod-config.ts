/**
 * The configuration every member's pod shares, rendered by config/: zoo.cfg, the logging config, the
 * JVM flags and the config hash, plus the committed dynamic config new pods start from.
 */
import { memberAuth } from '../../../config/auth-entries.ts';
import { finalAuthStage, type QuorumSaslStage } from '../../../config/auth-stage.ts';
import { configHash } from '../../../config/config-hash.ts';
import { renderDynamicConfig } from '../../../config/dynamic-config.ts';
import { renderJvmFlags } from '../../../config/jvm-flags.ts';
import type { MemberSelf } from '../../../config/layout.ts';
import { renderLoggingConfig } from '../../../config/logging.ts';
import { finalQuorumTlsStage } from '../../../config/quorum-tls-stage.ts';
import { renderZooCfg } from '../../../config/zoo-cfg.ts';
import { type EnsembleConfig, joinerConfig, joinerRole } from '../../../engine/index.ts';
import { type CommittedMember, initialMembers, type RenderContext } from './context.ts';
import { JAAS_FILE } from './jaas.ts';
import { CLIENT_BIND_ADDRESS, memberServerEntry } from './members.ts';
import { podPaths } from './pod-layout.ts';
import { memberTlsFiles, podsUseTls } from './tls.ts';

/** The official image's scripts and Kubernetes' env expansion fill these in at start. */
export const SUPER_DIGEST_ENV = 'ZKOP_SUPER_DIGEST';

/** The dynamic config a joiner starts from, when it is not the committed one plus itself as an observer. */
export interface JoinerConfig {
  readonly id: number;
  readonly dynamicConfig: string;
  /** Hex, as ZooKeeper names its files; `0` for none. */
  readonly version: string;
}

export interface PodConfig {
  readonly zooCfg: string;
  readonly dynamicConfig: string;
  /** Joiners that list themselves as participants: the one whose vote the new voters need. */
  readonly participantJoiners: readonly JoinerConfig[];
  readonly logging: { readonly fileName: string; readonly content: string };
  readonly jvmFlags: readonly string[];
  /** The JAAS file (jaas.ts), when members authenticate clients with SASL. */
  readonly jaas?: string;
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
    ...(podsUseTls(ctx) ? { tls: memberTlsFiles(ctx) } : {}),
    jaasFile: JAAS_FILE,
    peerAddressesNamed: false,
  };
}

/** The entry of member `id` in the dynamic configs the pods start from, and in reconfigs. */
export const podServerEntry = (ctx: RenderContext, id: number, role: CommittedMember['role']) =>
  memberServerEntry({ ...ctx, ports: ctx.spec.ports, clientTls: ctx.spec.tls.client.enabled }, id, role);

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

/** The engine's joiner configs (the same it plans with) for wanted members outside the committed config. */
function participantJoiners(ctx: RenderContext): { id: number; config: EnsembleConfig }[] {
  const committed: EnsembleConfig = { version: ctx.configVersion, members: ctx.committedMembers };
  return initialMembers(ctx.spec)
    .filter((m) => !ctx.committedMembers.some((c) => c.id === m.id))
    .filter((m) => joinerRole(committed, m.id, m.role) === 'participant')
    .map((m) => ({ id: m.id, config: joinerConfig(committed, m.id, 'participant') }));
}

export function renderPodConfig(ctx: RenderContext): PodConfig {
  const self = sharedMemberSelf(ctx);
  const logging = renderLoggingConfig(ctx.features.logging, {
    target: 'console',
    level: ctx.spec.logging.level,
  });
  const common = { spec: ctx.spec, features: ctx.features, self };
  const authAt = (quorum: QuorumSaslStage) =>
    memberAuth(ctx.spec, ctx.features, { ...finalAuthStage(ctx.spec), quorum }, ctx.credentials, JAAS_FILE);
  const auth = authAt(ctx.quorumSasl);
  const zooCfg = renderZooCfg({ ...common, auth: auth.zooCfg, quorumTls: ctx.quorumTls });
  const flagsOf = (authFlags: readonly string[]) =>
    renderJvmFlags({ spec: ctx.spec, self, logging, superDigest: `$(${SUPER_DIGEST_ENV})`, auth: authFlags });
  const jvmFlags = flagsOf(auth.jvmFlags);
  checkFlagsAreWords(jvmFlags);
  const dynamicText = (members: readonly CommittedMember[]) =>
    renderDynamicConfig(members.map((m) => podServerEntry(ctx, m.id, m.role)));
  // The hash is of the spec's own config: the quorum TLS and SASL stages a pod starts at are told
  // apart by their own annotations, as the engine keeps them apart (engine/quorum-tls.ts, quorum-sasl.ts).
  const specAuth = authAt(finalAuthStage(ctx.spec).quorum);
  const specZooCfg = renderZooCfg({
    ...common,
    auth: specAuth.zooCfg,
    quorumTls: finalQuorumTlsStage(ctx.spec.tls.quorum.enabled),
  });
  return {
    zooCfg,
    dynamicConfig: dynamicText(ctx.committedMembers),
    participantJoiners: participantJoiners(ctx).map((j) => ({
      id: j.id,
      dynamicConfig: dynamicText(j.config.members),
      version: j.config.version.toString(16),
    })),
    logging: { fileName: logging.fileName, content: logging.content },
    jvmFlags,
    ...(auth.jaas === undefined ? {} : { jaas: auth.jaas }),
    configHash: configHash({
      zooCfg: specZooCfg,
      jvmFlags: flagsOf(specAuth.jvmFlags),
      logging: logging.content,
      jaas: specAuth.jaas,
    }),
  };
}
