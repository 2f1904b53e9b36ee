/** `zkop status`: observe local ensembles. Reads only: never starts, stops or writes anything. */

import { notFound } from '../../shared/errors.ts';
import { observeEnsemble } from '../lifecycle/observe.ts';
import { readState } from '../state/state.ts';
import { listEnsembleNames } from '../state/state-layout.ts';
import { type EnsembleStatus, ensembleStatus } from './ensemble-status.ts';
import { operationOf } from './operation-status.ts';

export async function status(name: string, stateDir: string): Promise<EnsembleStatus> {
  const state = readState(stateDir, name);
  if (state === undefined) {
    const known = listEnsembleNames(stateDir);
    const hint = known.length > 0 ? `; known: ${known.join(', ')}` : '; start one with zkop up -f <manifest>';
    throw notFound(`no ensemble '${name}' in ${stateDir}${hint}`);
  }
  const { members } = await observeEnsemble(stateDir, state);
  const operation = operationOf(state);
  const summary = ensembleStatus({ name, version: state.version, stateDir }, members, new Date());
  return operation ? { ...summary, operation } : summary;
}

/** Every ensemble with a state file under `stateDir`, by name. */
export async function statusAll(stateDir: string): Promise<EnsembleStatus[]> {
  const statuses: EnsembleStatus[] = [];
  for (const name of listEnsembleNames(stateDir)) statuses.push(await status(name, stateDir));
  return statuses;
}
