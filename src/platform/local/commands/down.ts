/** `zkop down`: stop an ensemble's members (followers and observers first, the leader last); optionally delete its data. */
import { rmSync } from 'node:fs';
import { applyDefaults } from '../../../api/defaults.ts';
import { leaderLast } from '../../../engine/index.ts';
import { notFound } from '../../shared/errors.ts';
import { observeEnsemble } from '../lifecycle/observe.ts';
import { type StopOutcome, stopProcess } from '../process/process.ts';
import { withEnsembleLock } from '../state/ensemble-lock.ts';
import { readState, withProcesses, writeState } from '../state/state.ts';
import { ensembleDir } from '../state/state-layout.ts';

export interface DownOptions {
  readonly stateDir: string;
  readonly purge?: boolean;
  readonly onProgress?: (message: string) => void;
}

export interface DownResult {
  readonly name: string;
  readonly stopped: readonly { readonly id: number; readonly pid: number; readonly outcome: StopOutcome }[];
  readonly purged: boolean;
}

export async function down(name: string, options: DownOptions): Promise<DownResult> {
  const { stateDir, purge = false } = options;
  const dir = ensembleDir(stateDir, name);
  if (readState(stateDir, name) === undefined) throw notFound(`no ensemble '${name}' in ${stateDir}`);
  const stopped = await withEnsembleLock(dir, async () => {
    const state = readState(stateDir, name);
    if (state === undefined) throw notFound(`no ensemble '${name}' in ${stateDir}`);
    const graceMs = applyDefaults(state.spec).terminationGracePeriodSeconds * 1000;
    const { members, observation } = await observeEnsemble(stateDir, state);
    // The leader goes last: stopping it first would force an election among members about to stop anyway.
    const running = members
      .filter((o) => o.running)
      .map((o) => ({ ...o, id: o.member.id, role: o.member.kind }));
    const order = leaderLast(running, observation.leader);
    const results: { id: number; pid: number; outcome: StopOutcome }[] = [];
    const remaining = { ...state.processes };
    for (const o of order) {
      const process = o.process;
      if (!process) continue;
      options.onProgress?.(
        `stopping member ${o.member.id}${o.mode === 'leader' ? ' (leader)' : ''}, pid ${process.pid}`,
      );
      const outcome = await stopProcess(process.pid, { startTime: process.startTime, graceMs });
      results.push({ id: o.member.id, pid: process.pid, outcome });
      delete remaining[String(o.member.id)];
      writeState(stateDir, withProcesses(state, remaining, new Date()));
    }
    writeState(stateDir, withProcesses(state, {}, new Date()));
    return results;
  });
  if (purge) {
    options.onProgress?.(`deleting ${dir}`);
    rmSync(dir, { recursive: true, force: true });
  }
  return { name, stopped, purged: purge };
}
