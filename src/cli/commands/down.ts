import { Argument, Command, Option } from 'commander';
import { down } from '../../platform/local/index.ts';
import {
  type OutputFormat,
  outputOption,
  printJson,
  progressPrinter,
  stateDirOf,
  stateDirOption,
} from '../options.ts';
import { pickEnsemble } from '../pick-ensemble.ts';

export function downCommand(): Command {
  return new Command('down')
    .description('stop the members of an ensemble (followers first, the leader last)')
    .addArgument(new Argument('[name]', 'ensemble name; may be left out when the state directory holds one'))
    .addOption(new Option('--purge', "also delete the ensemble's data, logs and state"))
    .addOption(stateDirOption())
    .addOption(outputOption())
    .action(
      async (
        name: string | undefined,
        options: { stateDir: string; purge?: boolean; output: OutputFormat },
      ) => {
        const stateDir = stateDirOf(options);
        const target = pickEnsemble(stateDir, name);
        const result = await down(target, {
          stateDir,
          purge: options.purge === true,
          onProgress: progressPrinter(options.output === 'json'),
        });
        if (options.output === 'json') {
          printJson(result);
          return;
        }
        const stopped =
          result.stopped.length === 0
            ? 'no member was running'
            : `stopped ${result.stopped.length} member(s)`;
        process.stdout.write(`${target}: ${stopped}${result.purged ? '; data deleted' : ''}\n`);
      },
    );
}
