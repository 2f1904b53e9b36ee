import { Argument, Command } from 'commander';
import { status, statusAll } from '../../platform/local/index.ts';
import { notFound } from '../../platform/shared/errors.ts';
import { formatEnsemble } from '../format-status.ts';
import { type KubernetesFlags, kubernetesOptions, kubernetesTargetOf } from '../kubernetes-options.ts';
import { type OutputFormat, outputOption, printJson, stateDirOf, stateDirOption } from '../options.ts';
import { requireName } from '../pick-ensemble.ts';

export function statusCommand(): Command {
  const command = new Command('status')
    .description(
      'show the members of an ensemble (all ensembles when NAME is left out), or of a ZooKeeper object on Kubernetes with -n; reads only',
    )
    .addArgument(new Argument('[name]', 'ensemble name (metadata.name of its manifest)'))
    .addOption(stateDirOption())
    .addOption(outputOption());
  for (const option of kubernetesOptions()) command.addOption(option);
  return command.action(
    async (
      name: string | undefined,
      options: { stateDir: string; output: OutputFormat } & KubernetesFlags,
    ) => {
      const target = kubernetesTargetOf(options);
      if (target) {
        const { kubernetesStatus } = await import('../kubernetes-commands.ts');
        await kubernetesStatus(target, requireName(name), options.output);
        return;
      }
      const stateDir = stateDirOf(options);
      if (name !== undefined) {
        const one = await status(name, stateDir);
        if (options.output === 'json') printJson(one);
        else process.stdout.write(`${formatEnsemble(one)}\n`);
        return;
      }
      const all = await statusAll(stateDir);
      if (options.output === 'json') {
        printJson(all);
        return;
      }
      if (all.length === 0)
        throw notFound(`no ensembles in ${stateDir}; start one with zkop up -f <manifest>`);
      process.stdout.write(`${all.map(formatEnsemble).join('\n\n')}\n`);
    },
  );
}
