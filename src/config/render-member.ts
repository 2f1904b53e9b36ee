/** Everything one member needs on disk and on its command line, rendered from the spec and the layout. */
import type { ResolvedSpec } from '../api/defaults.ts';
import type { VersionInfo } from '../api/versions.ts';
import { type AuthCredentials, memberAuth } from './auth-entries.ts';
import { type AuthStage, finalAuthStage } from './auth-stage.ts';
import { configHash } from './config-hash.ts';
import { renderDynamicConfig, withClientTls } from './dynamic-config.ts';
import { renderJvmFlags } from './jvm-flags.ts';
import type { MemberSelf, ServerEntry } from './layout.ts';
import { type LoggingBackend, renderLoggingConfig } from './logging.ts';
import type { QuorumTlsStage } from './quorum-tls-stage.ts';
import { renderZooCfg } from './zoo-cfg.ts';

export interface RenderMemberInput {
  readonly spec: ResolvedSpec;
  readonly features: VersionInfo;
  readonly logging: LoggingBackend;
  /** The dynamic config this member starts with (for a joiner: `joiningMemberServers(...)`). */
  readonly servers: readonly ServerEntry[];
  readonly self: MemberSelf;
  /** From `superDigest(password)`; the password itself never reaches a config file. */
  readonly superDigest: string;
  /** The quorum TLS stage to render while TLS is turned on or off; default the spec's own. */
  readonly quorumTls?: QuorumTlsStage;
  /** The authentication stage to render while it is turned on or off; default the spec's own. */
  readonly authStage?: AuthStage;
  /** Needed when the member authenticates clients or peers. */
  readonly credentials?: AuthCredentials;
}

export interface RenderedMember {
  readonly zooCfg: string;
  readonly dynamicConfig: string;
  /** `myid` in the data directory. */
  readonly myid: string;
  readonly logging: { readonly fileName: string; readonly content: string };
  readonly jvmFlags: readonly string[];
  /** The JAAS file (it holds passwords: owner-only, never in a ConfigMap), when the member needs one. */
  readonly jaas?: string;
  readonly configHash: string;
}

export function renderMember(input: RenderMemberInput): RenderedMember {
  const { spec, features, self } = input;
  if (!input.servers.some((server) => server.id === self.id)) {
    throw new Error(`member ${self.id} is not in its own dynamic config`);
  }
  const logging = renderLoggingConfig(input.logging, { level: spec.logging.level });
  const auth = memberAuth(
    spec,
    features,
    input.authStage ?? finalAuthStage(spec),
    input.credentials,
    self.jaasFile,
  );
  const zooCfg = renderZooCfg({
    spec,
    features,
    self,
    auth: auth.zooCfg,
    ...(input.quorumTls === undefined ? {} : { quorumTls: input.quorumTls }),
  });
  const jvmFlags = renderJvmFlags({
    spec,
    self,
    logging,
    superDigest: input.superDigest,
    auth: auth.jvmFlags,
  });
  return {
    zooCfg,
    dynamicConfig: renderDynamicConfig(input.servers.map((s) => withClientTls(s, spec.tls.client.enabled))),
    myid: `${self.id}\n`,
    logging: { fileName: logging.fileName, content: logging.content },
    jvmFlags,
    ...(auth.jaas === undefined ? {} : { jaas: auth.jaas }),
    configHash: configHash({ zooCfg, jvmFlags, logging: logging.content, jaas: auth.jaas }),
  };
}
