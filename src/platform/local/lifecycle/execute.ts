/**
 * Executing one engine step on this machine and recording it in state.json. Each action is safe to
 * repeat: starting a running member, stopping a stopped one or deleting absent storage does nothing
 * new, and a repeated reconfig fails its version check.
 */
import { rmSync } from 'node:fs';
import { type Observation, type Step, wantedRoles } from '../../../engine/index.ts';
import { stopProcess } from '../process/process.ts';
import { stopStrayProcesses, waitUntilNoThreads } from '../process/stray-processes.ts';
import { toRecordedConfig } from '../state/lifecycle-record.ts';
import type { LocalState } from '../state/state.ts';
import { memberPaths } from '../state/state-layout.ts';
import { saveState, withMember, withoutMember, withProcess, withStart } from '../state/state-update.ts';
import type { LifecycleContext } from './context.ts';
import { reconfigure } from './reconfig.ts';
import { startMemberWith } from './start-member.ts';

type ActionStep = Exclude<Step, { type: 'Wait' | 'Refuse' | 'Done' }>;

export interface Executed {
  readonly state: LocalState;
  /** Why the step did not take effect; the loop observes again and asks the engine anew. */
  readonly notApplied?: string;
}

async function stopMember(context: LifecycleContext, state: LocalState, id: number): Promise<LocalState> {
  const process = state.processes[String(id)];
  if (process) {
    const graceMs = context.spec.terminationGracePeriodSeconds * 1000;
    await stopProcess(process.pid, { startTime: process.startTime, graceMs });
    await waitUntilNoThreads(process.pid, process.startTime);
  }
  await stopStrayProcesses(memberPaths(context.stateDir, context.name, id).zooCfg, process);
  let next = withProcess(state, id, undefined);
  const inConfig = state.lifecycle?.config?.members.some((m) => m.id === id) ?? false;
  // A member that left for good is no longer listed; its storage, if kept, stays on disk.
  if (!inConfig && !wantedRoles(context.desired).has(id)) next = withoutMember(next, id);
  return saveState(context.stateDir, next);
}

export async function execute(
  context: LifecycleContext,
  state: LocalState,
  step: ActionStep,
  observation: Observation,
): Promise<Executed> {
  switch (step.type) {
    case 'StartMember': {
      if (observation.members.find((m) => m.id === step.id)?.running) return { state };
      // A new ensemble's first start records its initial config: a rerun resumes it, never creates it anew.
      const configured = state.lifecycle?.config
        ? state
        : saveState(context.stateDir, state, { config: toRecordedConfig(step.options.config) });
      return {
        state: await startMemberWith(context, configured, step.id, step.options.config, step.options),
      };
    }
    case 'StopMember':
      return { state: await stopMember(context, state, step.id) };
    case 'RestartMember': {
      const stopped = await stopMember(context, state, step.id);
      return {
        state: await startMemberWith(context, stopped, step.id, step.config, step),
      };
    }
    case 'DeleteStorage': {
      rmSync(memberPaths(context.stateDir, context.name, step.id).root, { recursive: true, force: true });
      const next = withoutMember(state, step.id);
      return { state: saveState(context.stateDir, next, withStart(next, step.id, undefined)) };
    }
    case 'Reconfigure': {
      const serving = observation.members.filter((m) => m.serving).map((m) => m.id);
      const outcome = await reconfigure(context.stateDir, state, serving, step);
      if (!outcome.applied) return { state, notApplied: outcome.why };
      let next = state;
      const record = state.members.find((m) => m.id === step.id);
      if (record && step.role) next = withMember(next, { ...record, kind: step.role });
      const start = state.lifecycle?.members[String(step.id)];
      const config = toRecordedConfig({ ...outcome.config, version: outcome.config.version ?? 0n });
      // The add of a member that lost its data is its rejoin: from now on it counts as whole again.
      const starts =
        step.kind === 'add' && start ? withStart(next, step.id, { ...start, hadData: false }) : {};
      return {
        state: saveState(context.stateDir, next, { ...starts, config }),
      };
    }
  }
}
