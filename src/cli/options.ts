/** Options shared by several commands. */
import { Option } from 'commander';
import { resolveStateDir } from '../platform/local/index.ts';
import { invalidInput } from '../platform/shared/errors.ts';

export type OutputFormat = 'table' | 'json';

export const stateDirOption = () =>
  new Option('--state-dir <dir>', 'directory holding the ensembles (one subdirectory each)').default('.zkop');

export const outputOption = () =>
  new Option('-o, --output <format>', 'output format').choices(['table', 'json']).default('table');

export const stateDirOf = (options: { stateDir?: string }) => resolveStateDir(options.stateDir);

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Progress of long steps, on stderr so that stdout stays parseable. */
export function progressPrinter(quiet: boolean): (message: string) => void {
  return (message) => {
    if (!quiet) process.stderr.write(`${message}\n`);
  };
}

/** `--timeout` in seconds as given on the command line, in ms. */
export function timeoutFromSeconds(text: string): number {
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw invalidInput(`--timeout must be a positive number of seconds, not '${text}'`);
  }
  return seconds * 1000;
}

export const timeoutOption = () =>
  new Option('--timeout <seconds>', 'how long the whole operation may take').default('600');

/** Kubernetes only: the operator carries the change out; without waiting the command ends once it is sent. */
export const noWaitOption = () =>
  new Option('--no-wait', 'on Kubernetes: return once the change is sent, without following it');
