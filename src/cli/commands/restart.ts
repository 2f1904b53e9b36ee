import { Argument, Command, Option } from 'commander';
import { failed } from '../../platform/local/errors.ts';
import { untilInterrupted } from '../../platform/local/lifecycle/interrupt.ts';
import { restart } from '../../platform/local/lifecycle/restart.ts';
import { timeoutFromSeconds } from '../../platform/local/lifecycle/run-options.ts';
import { status } from '../../platform/local/status.ts';
import { formatEnsemble } from '../format-status.ts';
import { progressPrinter, stateDirOf, stateDirOption } from '../options.ts';
import { pickEnsemble } from '../pick-ensemble.ts';

export function restartCommand(): Command {
  return new Command('restart')
    .description('restart every member, followers first and the leader last (handed off by reconfig)')
    .addArgument(new Argument('[name]', 'ensemble name (the only one when left out)'))
    .addOption(stateDirOption())
    .addOption(new Option('--timeout <seconds>', 'how long the whole operation may take').default('600'))
    .action(async (name: string | undefined, options: { stateDir: string; timeout: string }) => {
      const stateDir = stateDirOf(options);
      const ensemble = pickEnsemble(stateDir, name);
      const result = await untilInterrupted((signal) =>
        restart(ensemble, {
          stateDir,
          timeoutMs: timeoutFromSeconds(options.timeout),
          onProgress: progressPrinter(false),
          signal,
        }),
      );
      if (result.end === 'interrupted')
        throw failed(`${ensemble}: interrupted; run the command again to continue`);
      process.stdout.write(
        `${ensemble}: restart ${result.end}\n${formatEnsemble(await status(ensemble, stateDir))}\n`,
      );
    });
}
