import { Argument, Command, Option } from 'commander';
import { scale } from '../../platform/local/index.ts';
import { invalidInput } from '../../platform/shared/errors.ts';
import { type KubernetesFlags, kubernetesOptions, kubernetesTargetOf } from '../kubernetes-options.ts';
import { runLifecycleCommand } from '../lifecycle-command.ts';
import { noWaitOption, stateDirOf, stateDirOption, timeoutOption } from '../options.ts';
import { pickEnsemble, requireName } from '../pick-ensemble.ts';

function count(flag: string, text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n)) {
    throw invalidInput(`${flag} must be a whole number of members, not '${text}'`);
  }
  return n;
}

type ScaleOptions = {
  replicas: string;
  observers?: string;
  stateDir: string;
  timeout: string;
  wait: boolean;
} & KubernetesFlags;

export function scaleCommand(): Command {
  const command = new Command('scale')
    .description('change the number of voting members (and observers), one member at a time through reconfig')
    .addArgument(new Argument('[name]', 'ensemble name (the only one when left out)'))
    .addOption(new Option('--replicas <n>', 'voting members').makeOptionMandatory())
    .addOption(new Option('--observers <m>', 'non-voting members (unchanged when left out)'))
    .addOption(stateDirOption())
    .addOption(timeoutOption())
    .addOption(noWaitOption());
  for (const option of kubernetesOptions()) command.addOption(option);
  return command.action(async (name: string | undefined, options: ScaleOptions) => {
    const replicas = count('--replicas', options.replicas);
    const observers = options.observers === undefined ? undefined : count('--observers', options.observers);
    const target = kubernetesTargetOf(options);
    if (target) {
      const { kubernetesScale } = await import('../kubernetes-commands.ts');
      await kubernetesScale(target, requireName(name), { replicas, observers }, options);
      return;
    }
    const stateDir = stateDirOf(options);
    const ensemble = pickEnsemble(stateDir, name);
    await runLifecycleCommand(ensemble, 'scale', { stateDir, timeout: options.timeout }, (run) =>
      scale(ensemble, { replicas, observers }, run),
    );
  });
}
