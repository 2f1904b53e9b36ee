import { Command, Option } from 'commander';
import { untilInterrupted, up, watch } from '../../platform/local/index.ts';
import { invalidInput } from '../../platform/shared/errors.ts';
import { formatEnsemble } from '../format-status.ts';
import {
  type OutputFormat,
  outputOption,
  printJson,
  progressPrinter,
  stateDirOf,
  stateDirOption,
} from '../options.ts';

const OUTCOMES = {
  created: 'created',
  unchanged: 'already up, nothing to do',
  healed: 'restarted the members that were down',
  reconciled: 'changed to match the manifest',
} as const;

export function upCommand(): Command {
  return new Command('up')
    .description(
      'start (or heal) the ensemble a ZooKeeper manifest describes, as local processes on 127.0.0.1',
    )
    .addOption(new Option('-f, --file <manifest>', 'ZooKeeper manifest (YAML)').makeOptionMandatory())
    .addOption(stateDirOption())
    .addOption(new Option('--timeout <seconds>', 'how long to wait for the ensemble to serve').default('120'))
    .addOption(outputOption())
    .addOption(new Option('--watch', 'keep watching afterwards and heal the ensemble until interrupted'))
    .action(
      async (options: {
        file: string;
        stateDir: string;
        timeout: string;
        output: OutputFormat;
        watch?: boolean;
      }) => {
        const timeout = Number(options.timeout);
        if (!Number.isFinite(timeout) || timeout <= 0) {
          throw invalidInput(`--timeout must be a positive number of seconds, not '${options.timeout}'`);
        }
        const result = await up(options.file, {
          stateDir: stateDirOf(options),
          timeoutMs: timeout * 1000,
          onProgress: progressPrinter(false),
        });
        if (options.output === 'json') printJson(result);
        else
          process.stdout.write(
            `${result.name}: ${OUTCOMES[result.outcome]}\n${formatEnsemble(result.status)}\n`,
          );
        if (options.watch) {
          await untilInterrupted((signal) =>
            watch(result.name, { stateDir: stateDirOf(options), signal, onProgress: progressPrinter(false) }),
          );
        }
      },
    );
}
