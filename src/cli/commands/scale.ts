import { Argument, Command, Option } from 'commander';
import { invalidInput } from '../../platform/local/errors.ts';
import { scale } from '../../platform/local/lifecycle/scale.ts';
import { runLifecycleCommand } from '../lifecycle-command.ts';
import { stateDirOf, stateDirOption } from '../options.ts';
import { pickEnsemble } from '../pick-ensemble.ts';

function count(flag: string, text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n)) {
    throw invalidInput(`${flag} must be a whole number of members, not '${text}'`);
  }
  return n;
}

export function scaleCommand(): Command {
  return new Command('scale')
    .description('change the number of voting members (and observers), one member at a time through reconfig')
    .addArgument(new Argument('[name]', 'ensemble name (the only one when left out)'))
    .addOption(new Option('--replicas <n>', 'voting members').makeOptionMandatory())
    .addOption(new Option('--observers <m>', 'non-voting members (unchanged when left out)'))
    .addOption(stateDirOption())
    .addOption(new Option('--timeout <seconds>', 'how long the whole operation may take').default('600'))
    .action(
      async (
        name: string | undefined,
        options: { replicas: string; observers?: string; stateDir: string; timeout: string },
      ) => {
        const stateDir = stateDirOf(options);
        const ensemble = pickEnsemble(stateDir, name);
        const replicas = count('--replicas', options.replicas);
        const observers =
          options.observers === undefined ? undefined : count('--observers', options.observers);
        await runLifecycleCommand(ensemble, 'scale', { stateDir, timeout: options.timeout }, (run) =>
          scale(ensemble, { replicas, observers }, run),
        );
      },
    );
}
