/**
 * Starting one member with the ensemble config a step gives: ports for a new id, its config files
 * rendered through config/ (the dynamic config from the step's config), then its JVM. state.json
 * names the member and how it is started before the JVM exists, and its process right after.
 */

import type { QuorumTlsStage } from '../../../config/quorum-tls-stage.ts';
import type { RenderedMember } from '../../../config/render-member.ts';
import { usesTls } from '../../../config/tls-entries.ts';
import type { EnsembleConfig, MemberId, MemberStages } from '../../../engine/index.ts';
import { lifetimeOf } from '../../../pki/index.ts';
import { failed } from '../../shared/errors.ts';
import {
  ensureAuthority,
  ensureMemberCertificate,
  memberCertificate,
} from '../certificates/ensemble-certificates.ts';
import { startMember as startJvm } from '../process/member-process.ts';
import { isRunning } from '../process/process.ts';
import { stopStrayProcesses } from '../process/stray-processes.ts';
import { writeFileAtomic } from '../state/atomic-file.ts';
import type { StartedCertificate } from '../state/lifecycle-record.ts';
import { allocateMember, withSecureClientPort } from '../state/member-layout.ts';
import { type LocalState, type MemberRecord, tenantUsers } from '../state/state.ts';
import { memberPaths } from '../state/state-layout.ts';
import { saveState, withMember, withProcess, withStart } from '../state/state-update.ts';
import type { LifecycleContext } from './context.ts';
import { type RenderContext, renderLocalMember, writeMemberFiles } from './member-config.ts';

async function recordFor(state: LocalState, id: MemberId): Promise<MemberRecord> {
  return state.members.find((m) => m.id === id) ?? allocateMember(id, 'observer');
}

/**
 * ZooKeeper refuses a `version=` line inside a dynamic config file: a config with a version lives in
 * a file named `<dynamic config file>.<version in hex>`, which zoo.cfg then points to.
 */
function withVersionedDynamicConfig(
  rendered: RenderedMember,
  config: EnsembleConfig,
): { readonly files: RenderedMember; readonly versioned?: { readonly file: string; readonly text: string } } {
  if (config.version === 0n) return { files: rendered };
  const line = /^dynamicConfigFile=(.+)$/m.exec(rendered.zooCfg);
  if (!line?.[1]) throw new Error('the rendered zoo.cfg names no dynamic config file');
  const file = `${line[1].trim()}.${config.version.toString(16)}`;
  const zooCfg = rendered.zooCfg.replace(line[0], `dynamicConfigFile=${file}`);
  return { files: { ...rendered, zooCfg }, versioned: { file, text: rendered.dynamicConfig } };
}

/**
 * A member that uses TLS gets a secure client port if it has none yet, and its certificate (the
 * ensemble's CA made first if needed); returns it and the serial of the certificate it starts with.
 */
async function withCertificate(
  context: LifecycleContext,
  member: MemberRecord,
  quorumTls: QuorumTlsStage,
): Promise<{ readonly member: MemberRecord; readonly certificate?: StartedCertificate }> {
  if (!usesTls(context.spec, quorumTls)) return { member };
  const { stateDir, name } = context;
  const withPort = await withSecureClientPort(member);
  const ca = ensureAuthority(stateDir, name, new Date(), context.progress);
  ensureMemberCertificate(stateDir, ca, withPort, new Date(), context.progress);
  const pem = memberCertificate(stateDir, name, member.id);
  if (pem === undefined) return { member: withPort };
  const { serial, notBefore, notAfter } = lifetimeOf(pem);
  const certificate = { serial, notBefore: notBefore.toISOString(), notAfter: notAfter.toISOString() };
  return { member: withPort, certificate };
}

export async function startMemberWith(
  context: LifecycleContext,
  state: LocalState,
  id: MemberId,
  config: EnsembleConfig,
  { quorumTls, quorumSasl }: MemberStages,
): Promise<LocalState> {
  const { stateDir, name, distribution, desired } = context;
  const recorded = state.processes[String(id)];
  if (recorded && isRunning(recorded.pid, recorded.startTime)) return state;
  const role = config.members.find((m) => m.id === id)?.role ?? 'observer';
  const certified = await withCertificate(
    context,
    { ...(await recordFor(state, id)), kind: role },
    quorumTls,
  );
  const self = certified.member;
  const servers = config.members.map((c) => {
    const record = c.id === id ? self : state.members.find((m) => m.id === c.id);
    if (!record) {
      throw failed(
        `member ${c.id} is in the ensemble config of ${name} but state.json has no ports for it; ` +
          `restore state.json or remove member ${c.id} from the ensemble by hand`,
      );
    }
    return { ...record, kind: c.role };
  });
  const render: RenderContext = {
    spec: context.spec,
    features: distribution.features,
    logging: distribution.logging,
    members: servers,
    superPassword: state.superPassword,
    users: tenantUsers(state),
    ...(state.quorumPassword === undefined ? {} : { quorumPassword: state.quorumPassword }),
    quorumTls,
    quorumSasl,
  };
  const paths = memberPaths(stateDir, name, id);
  const rendered = renderLocalMember(render, self, paths);
  const { files, versioned } = withVersionedDynamicConfig(rendered, config);
  writeMemberFiles(paths, files);
  if (versioned) writeFileAtomic(versioned.file, versioned.text);
  const hadData = state.lifecycle?.members[String(id)]?.hadData ?? false;
  const start = {
    version: desired.version,
    configHash: desired.configHash,
    restartToken: desired.restartToken,
    hadData,
    quorumTls,
    quorumSasl,
    clientTls: context.spec.tls.client.enabled,
    ...(certified.certificate ? { certificate: certified.certificate } : {}),
  };
  let next = saveState(stateDir, withMember(state, self), withStart(state, id, start));
  await stopStrayProcesses(paths.zooCfg, undefined);
  const process = await startJvm(paths, rendered.jvmFlags, distribution.classpath);
  next = saveState(stateDir, withProcess(next, id, process));
  const secure = start.clientTls ? `, TLS client port ${self.ports.secureClient}` : '';
  context.progress(`  member ${id}: ${role}, client port ${self.ports.client}${secure}, pid ${process.pid}`);
  return next;
}
