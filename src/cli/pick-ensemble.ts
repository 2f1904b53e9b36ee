/** The ensemble a command means when its name is left out: the only one in the state directory. */

import { listEnsembleNames } from '../platform/local/index.ts';
import { invalidInput, notFound } from '../platform/shared/errors.ts';

export function pickEnsemble(stateDir: string, name: string | undefined): string {
  if (name !== undefined) return name;
  const names = listEnsembleNames(stateDir);
  if (names.length === 0) throw notFound(`no ensembles in ${stateDir}; start one with zkop up -f <manifest>`);
  if (names.length > 1)
    throw invalidInput(`${stateDir} holds several ensembles (${names.join(', ')}); name one`);
  return names[0] as string;
}

/** On Kubernetes the ZooKeeper object must be named: there is no state directory to pick from. */
export function requireName(name: string | undefined): string {
  if (name === undefined) throw invalidInput('name the ZooKeeper object (metadata.name) on Kubernetes');
  return name;
}
