/** Options shared by several commands. */
import { Option } from 'commander';
import { resolveStateDir } from '../platform/local/state-layout.ts';

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
