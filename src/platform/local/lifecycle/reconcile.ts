/**
 * The lifecycle loop of a local ensemble: observe, ask the engine for the next step, execute it,
 * record it, repeat, until the engine is done, refuses, or the time is up. All ZooKeeper policy is
 * the engine's; this file only runs the loop and reports.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { applyDefaults } from '../../../api/defaults.ts';
import {
  describeOperation,
  type OperationStatus,
  type OperationType,
  plan,
  type Step,
  stepSummary,
} from '../../../engine/index.ts';
import { desiredFromSpec } from '../../shared/desired.ts';
import { failed, invalidInput, notFound } from '../../shared/errors.ts';
import { memberLogTail } from '../process/member-process.ts';
import {
  type LifecycleRecord,
  type RecordedOperation,
  sameConfig,
  toRecordedConfig,
} from '../state/lifecycle-record.ts';
import { type LocalState, readState } from '../state/state.ts';
import { memberPaths } from '../state/state-layout.ts';
import { saveState } from '../state/state-update.ts';
import type { LifecycleContext } from './context.ts';
import type { DistributionSource } from './distributions.ts';
import { execute } from './execute.ts';
import { withDataSeen } from './observation-map.ts';
import { observeEnsemble } from './observe.ts';
import { startConfigHash } from './start-config-hash.ts';

export interface ReconcileOptions {
  readonly stateDir: string;
  readonly name: string;
  readonly distributions: DistributionSource;
  readonly timeoutMs: number;
  readonly progress: (message: string) => void;
  /** The leader's turn of a roll is a reconfig handoff (default) or a plain restart. */
  readonly leaderHandoff?: boolean;
  /** Pause between observations while the engine waits. */
  readonly pollMs?: number;
  /** Stops the loop between steps (SIGINT / SIGTERM). */
  readonly signal?: AbortSignal;
}

export interface ReconcileResult {
  readonly state: LocalState;
  /** Every step executed, in order. */
  readonly executed: readonly Step[];
  /** How the loop ended: the engine had nothing to do, the spec is paused, or it was stopped. */
  readonly end: 'done' | 'paused' | 'interrupted';
}

const DEFAULT_POLL_MS = 300;
/** A member started this often without serving in between needs a human. */
const MAX_STARTS_PER_RUN = 3;

function operationRecord(status: OperationStatus): RecordedOperation {
  return {
    type: status.type,
    step: status.step,
    waitingFor: status.waitingFor,
    pid: process.pid,
    updatedAt: new Date().toISOString(),
  };
}

const sameOperation = (a: RecordedOperation | undefined, b: RecordedOperation) =>
  a !== undefined &&
  a.type === b.type &&
  a.step === b.step &&
  a.waitingFor === b.waitingFor &&
  a.pid === b.pid;

const label = (operation: OperationType) => operation.toLowerCase();

export async function reconcile(options: ReconcileOptions): Promise<ReconcileResult> {
  const { stateDir, name, distributions, progress } = options;
  const deadline = Date.now() + options.timeoutMs;
  const executed: Step[] = [];
  const starts = new Map<number, number>();
  let lastWait = '';
  for (;;) {
    let state = readState(stateDir, name);
    if (state === undefined) throw notFound(`no ensemble '${name}' in ${stateDir}`);
    if (options.signal?.aborted) {
      return { state: saveState(stateDir, state, { operation: undefined }), executed, end: 'interrupted' };
    }

    const spec = applyDefaults(state.spec);
    const distribution = await distributions(spec.version);
    const lifecycle = state.lifecycle;
    if (lifecycle === undefined) throw new Error(`${name}: state.json has no lifecycle record`);
    const desired = desiredFromSpec(spec, {
      restartToken: lifecycle.restartToken,
      configHash: startConfigHash(spec, distribution, state),
      leaderHandoff: options.leaderHandoff ?? true,
    });
    const { observation, storage } = await observeEnsemble(stateDir, state);
    // A member that serves again came back from its starts (a TLS change restarts each three times).
    for (const m of observation.members) if (m.serving && m.synced) starts.delete(m.id);
    const { operation, step } = plan(desired, observation);
    const status = describeOperation(desired, observation, step);

    // Record what was seen (the live config, members holding data) and what is being done.
    const seen: Partial<LifecycleRecord> = { members: withDataSeen(lifecycle.members, storage) };
    const config = observation.config?.live ? toRecordedConfig(observation.config) : lifecycle.config;
    const previous = lifecycle.operation;
    // While the engine waits, status keeps showing the step it waits after.
    const shown =
      step.type === 'Wait' ? { ...status, step: previous?.type === operation ? previous.step : '' } : status;
    const current = operationRecord(shown);
    const done = step.type === 'Done' || operation === 'Paused';
    const changed =
      !sameConfig(config, lifecycle.config) ||
      JSON.stringify(seen.members) !== JSON.stringify(lifecycle.members) ||
      (done ? lifecycle.operation !== undefined : !sameOperation(lifecycle.operation, current));
    if (changed)
      state = saveState(stateDir, state, { ...seen, config, operation: done ? undefined : current });

    const context: LifecycleContext = { stateDir, name, spec, desired, distribution, progress };
    switch (step.type) {
      case 'Done':
        return { state: recordSettled(stateDir, state, desired.version), executed, end: 'done' };
      case 'Refuse':
        throw invalidInput(`${name}: ${step.reason}`);
      case 'Wait': {
        if (operation === 'Paused') {
          progress(`${name} is paused (spec.paused): nothing is changed`);
          return { state, executed, end: 'paused' };
        }
        if (step.reason !== lastWait) progress(`waiting: ${step.reason}`);
        lastWait = step.reason;
        break;
      }
      default: {
        lastWait = '';
        if (step.type === 'StartMember' || step.type === 'RestartMember') {
          const count = (starts.get(step.id) ?? 0) + 1;
          // A new ensemble is not healed: a member that stops while it is created is reported at once.
          if (operation === 'Create' && count > 1) {
            throw failed(
              `member ${step.id} exited while starting; its log ends with:`,
              memberLogTail(memberPaths(stateDir, name, step.id)),
            );
          }
          if (count > MAX_STARTS_PER_RUN) {
            throw failed(
              `member ${step.id} of ${name} stopped again after each of ${count - 1} starts; fix what its log says, then run the command again:`,
              memberLogTail(memberPaths(stateDir, name, step.id)),
            );
          }
          starts.set(step.id, count);
        }
        progress(`${label(operation)}: ${stepSummary(step)}`);
        const result = await execute(context, state, step, observation);
        executed.push(step);
        if (result.notApplied) {
          progress(`  not applied (${result.notApplied}); observing again`);
          await sleepUnlessAborted(options.pollMs ?? DEFAULT_POLL_MS, options.signal);
        }
      }
    }
    if (Date.now() >= deadline) {
      throw failed(
        `${name}: ${label(operation)} did not finish within ${Math.round(options.timeoutMs / 1000)} s` +
          `${status.waitingFor ? `; waiting for ${status.waitingFor}` : ''}. ` +
          `zkop status ${name} shows where it stands; run the command again (or raise --timeout) to continue`,
      );
    }
    if (step.type === 'Wait') await sleepUnlessAborted(options.pollMs ?? DEFAULT_POLL_MS, options.signal);
  }
}

async function sleepUnlessAborted(ms: number, signal: AbortSignal | undefined): Promise<void> {
  try {
    await sleep(ms, undefined, { signal });
  } catch {
    // Aborted: the loop notices at its next turn.
  }
}

/** Once the engine is done, every member runs the desired version and the last restart is finished. */
function recordSettled(stateDir: string, state: LocalState, version: string): LocalState {
  const token = state.lifecycle?.restartToken;
  if (state.version === version && state.lifecycle?.settledToken === token) return state;
  return saveState(stateDir, { ...state, version }, { settledToken: token });
}
