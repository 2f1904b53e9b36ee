/**
 * Starting one member with the ensemble config a step gives: ports for a new id, its config files
 * rendered through config/ (the dynamic config from the step's config), then its JVM. state.json
 * names the member and how it is started before the JVM exists, and its process right after.
 */

import type { RenderedMember } from '../../../config/render-member.ts';
import type { EnsembleConfig, MemberId } from '../../../engine/index.ts';
import { failed } from '../../shared/errors.ts';
import { startMember as startJvm } from '../process/member-process.ts';
import { isRunning } from '../process/process.ts';
import { stopStrayProcesses } from '../process/stray-processes.ts';
import { writeFileAtomic } from '../state/atomic-file.ts';
import { allocateMember } from '../state/member-layout.ts';
import type { LocalState, MemberRecord } from '../state/state.ts';
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

export async function startMemberWith(
  context: LifecycleContext,
  state: LocalState,
  id: MemberId,
  config: EnsembleConfig,
): Promise<LocalState> {
  const { stateDir, name, distribution, desired } = context;
  const recorded = state.processes[String(id)];
  if (recorded && isRunning(recorded.pid, recorded.startTime)) return state;
  const role = config.members.find((m) => m.id === id)?.role ?? 'observer';
  const self = { ...(await recordFor(state, id)), kind: role };
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
  };
  let next = saveState(stateDir, withMember(state, self), withStart(state, id, start));
  await stopStrayProcesses(paths.zooCfg, undefined);
  const process = await startJvm(paths, rendered.jvmFlags, distribution.classpath);
  next = saveState(stateDir, withProcess(next, id, process));
  context.progress(`  member ${id}: ${role}, client port ${self.ports.client}, pid ${process.pid}`);
  return next;
}
