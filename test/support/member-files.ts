/** Renders a member's configuration with zkop's renderer and writes it under the ensemble directory. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ResolvedSpec } from '../../src/api/defaults.ts';
import { javaArguments } from '../../src/config/jvm-flags.ts';
import type { MemberSelf, MemberTlsFiles, ServerEntry } from '../../src/config/layout.ts';
import type { QuorumTlsStage } from '../../src/config/quorum-tls-stage.ts';
import { renderMember } from '../../src/config/render-member.ts';
import { superDigest } from '../../src/config/super-digest.ts';
import type { Distribution } from '../../src/platform/local/distribution/index.ts';
import { LOCAL_HOST } from '../../src/platform/local/state/member-layout.ts';
import { type MemberPaths, memberPaths } from '../../src/platform/local/state/state-layout.ts';

export const ENSEMBLE_NAME = 'zk';

export interface MemberPorts {
  readonly clientPort: number;
  readonly quorumPort: number;
  readonly electionPort: number;
  readonly adminPort: number;
  readonly metricsPort: number;
}

export interface PlannedMember extends MemberPorts {
  readonly id: number;
  readonly role: 'participant' | 'observer';
}

export const serverEntry = (m: PlannedMember): ServerEntry => ({
  id: m.id,
  host: LOCAL_HOST,
  quorumPort: m.quorumPort,
  electionPort: m.electionPort,
  clientPort: m.clientPort,
  role: m.role,
});

export const pathsOf = (dir: string, id: number): MemberPaths => memberPaths(dir, ENSEMBLE_NAME, id);

/** Writes zoo.cfg, the dynamic config, the logging config and myid; returns the `java` arguments. */
export function writeMemberFiles(
  dir: string,
  spec: ResolvedSpec,
  distribution: Distribution,
  members: readonly PlannedMember[],
  member: PlannedMember,
  superPassword: string,
  tls?: { readonly files: MemberTlsFiles; readonly quorumTls?: QuorumTlsStage },
): string[] {
  const paths = pathsOf(dir, member.id);
  for (const d of [paths.conf, paths.data, paths.datalog, paths.logs]) mkdirSync(d, { recursive: true });
  const self: MemberSelf = {
    id: member.id,
    paths: {
      confDir: paths.conf,
      dataDir: paths.data,
      dataLogDir: paths.datalog,
      dynamicConfigFile: join(paths.conf, 'zoo.cfg.dynamic'),
      logDir: paths.logs,
    },
    adminPort: member.adminPort,
    metricsPort: member.metricsPort,
    bindAddress: LOCAL_HOST,
    quorumListenOnAllIPs: false,
    ...(tls ? { tls: tls.files } : {}),
  };
  const rendered = renderMember({
    spec,
    features: distribution.features,
    logging: distribution.logging,
    servers: members.map(serverEntry),
    self,
    superDigest: superDigest(superPassword),
    ...(tls?.quorumTls ? { quorumTls: tls.quorumTls } : {}),
  });
  writeFileSync(paths.zooCfg, rendered.zooCfg);
  writeFileSync(self.paths.dynamicConfigFile, rendered.dynamicConfig);
  writeFileSync(join(paths.conf, rendered.logging.fileName), rendered.logging.content);
  writeFileSync(join(paths.data, 'myid'), rendered.myid);
  return javaArguments(rendered.jvmFlags, distribution.classpath, paths.zooCfg);
}
