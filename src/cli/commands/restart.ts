import { Argument, Command } from 'commander';
import { restart } from '../../platform/local/index.ts';
import { type KubernetesFlags, kubernetesOptions, kubernetesTargetOf } from '../kubernetes-options.ts';
import { runLifecycleCommand } from '../lifecycle-command.ts';
import { noWaitOption, stateDirOf, stateDirOption, timeoutOption } from '../options.ts';
import { pickEnsemble, requireName } from '../pick-ensemble.ts';

type RestartOptions = { stateDir: string; timeout: string; wait: boolean } & KubernetesFlags;

export function restartCommand(): Command {
  const command = new Command('restart')
    .description('restart every member, followers first and the leader last (handed off by reconfig)')
    .addArgument(new Argument('[name]', 'ensemble name (the only one when left out)'))
    .addOption(stateDirOption())
    .addOption(timeoutOption())
    .addOption(noWaitOption());
  for (const option of kubernetesOptions()) command.addOption(option);
  return command.action(async (name: string | undefined, options: RestartOptions) => {
    const target = kubernetesTargetOf(options);
    if (target) {
      const { kubernetesRestart } = await import('../kubernetes-commands.ts');
      await kubernetesRestart(target, requireName(name), options);
      return;
    }
    const stateDir = stateDirOf(options);
    const ensemble = pickEnsemble(stateDir, name);
    await runLifecycleCommand(ensemble, 'restart', { stateDir, timeout: options.timeout }, (run) =>
      restart(ensemble, run),
    );
  });
}
