import { Argument, Command, Option } from 'commander';
import { restart } from '../../platform/local/lifecycle/restart.ts';
import { runLifecycleCommand } from '../lifecycle-command.ts';
import { stateDirOf, stateDirOption } from '../options.ts';
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
      await runLifecycleCommand(ensemble, 'restart', { stateDir, timeout: options.timeout }, (run) =>
        restart(ensemble, run),
      );
    });
}
