/** Rendering a local member's configuration (through config/) and writing it into its directories. */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ResolvedSpec } from '../../../api/defaults.ts';
import type { VersionInfo } from '../../../api/versions.ts';
import { finalAuthStage, type QuorumSaslStage } from '../../../config/auth-stage.ts';
import type { SaslUser } from '../../../config/jaas.ts';
import type { MemberSelf, ServerEntry } from '../../../config/layout.ts';
import type { LoggingBackend } from '../../../config/logging.ts';
import type { QuorumTlsStage } from '../../../config/quorum-tls-stage.ts';
import { type RenderedMember, renderMember } from '../../../config/render-member.ts';
import { superDigest } from '../../../config/super-digest.ts';
import { writeFileAtomic } from '../state/atomic-file.ts';
import type { MemberRecord } from '../state/state.ts';
import type { MemberPaths } from '../state/state-layout.ts';

export const DYNAMIC_CONFIG_FILE = 'zoo.cfg.dynamic';
/** In the member's own folder, readable by its owner only: it holds the SASL users' passwords. */
export const JAAS_FILE = 'jaas.conf';

export interface RenderContext {
  readonly spec: ResolvedSpec;
  readonly features: VersionInfo;
  readonly logging: LoggingBackend;
  readonly members: readonly MemberRecord[];
  readonly superPassword: string;
  /** The tenants' SASL users (state.json), besides zkop's super user. */
  readonly users?: readonly SaslUser[];
  /** Needed once the quorum authenticates with SASL. */
  readonly quorumPassword?: string;
  /** The quorum TLS stage to render; default the spec's own. */
  readonly quorumTls?: QuorumTlsStage;
  /** The quorum SASL stage to render; default the spec's own. */
  readonly quorumSasl?: QuorumSaslStage;
}

export function serverEntry(member: MemberRecord): ServerEntry {
  return {
    id: member.id,
    host: member.host,
    quorumPort: member.ports.quorum,
    electionPort: member.ports.election,
    clientPort: member.ports.client,
    clientAddress: member.host,
    role: member.kind,
  };
}

function memberSelf(member: MemberRecord, paths: MemberPaths): MemberSelf {
  return {
    id: member.id,
    paths: {
      confDir: paths.conf,
      dataDir: paths.data,
      dataLogDir: paths.datalog,
      dynamicConfigFile: join(paths.conf, DYNAMIC_CONFIG_FILE),
      logDir: paths.logs,
    },
    adminPort: member.ports.admin,
    metricsPort: member.ports.metrics,
    bindAddress: member.host,
    quorumListenOnAllIPs: false,
    jaasFile: join(paths.conf, JAAS_FILE),
    ...(member.ports.secureClient === undefined
      ? {}
      : {
          tls: {
            keyStore: paths.keyStore,
            trustStore: paths.trustStore,
            secureClientPort: member.ports.secureClient,
          },
        }),
  };
}

export function renderLocalMember(
  context: RenderContext,
  member: MemberRecord,
  paths: MemberPaths,
): RenderedMember {
  return renderMember({
    spec: context.spec,
    features: context.features,
    logging: context.logging,
    servers: context.members.map(serverEntry),
    self: memberSelf(member, paths),
    superDigest: superDigest(context.superPassword),
    credentials: {
      superPassword: context.superPassword,
      users: context.users ?? [],
      ...(context.quorumPassword === undefined ? {} : { quorumPassword: context.quorumPassword }),
    },
    ...(context.quorumTls === undefined ? {} : { quorumTls: context.quorumTls }),
    ...(context.quorumSasl === undefined
      ? {}
      : { authStage: { ...finalAuthStage(context.spec), quorum: context.quorumSasl } }),
  });
}

/** Creates the member's directories and writes its config files and myid. */
export function writeMemberFiles(paths: MemberPaths, rendered: RenderedMember): void {
  for (const dir of [paths.conf, paths.data, paths.datalog, paths.logs]) mkdirSync(dir, { recursive: true });
  writeFileAtomic(paths.zooCfg, rendered.zooCfg);
  writeFileAtomic(join(paths.conf, DYNAMIC_CONFIG_FILE), rendered.dynamicConfig);
  writeFileAtomic(join(paths.conf, rendered.logging.fileName), rendered.logging.content);
  writeFileAtomic(join(paths.data, 'myid'), rendered.myid);
  const jaas = join(paths.conf, JAAS_FILE);
  if (rendered.jaas === undefined) rmSync(jaas, { force: true });
  else writeFileAtomic(jaas, rendered.jaas, 0o600);
}
