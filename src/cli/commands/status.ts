import { Argument, Command } from 'commander';
import { notFound } from '../../platform/local/errors.ts';
import { status, statusAll } from '../../platform/local/status.ts';
import { formatEnsemble } from '../format-status.ts';
import { type OutputFormat, outputOption, printJson, stateDirOf, stateDirOption } from '../options.ts';

export function statusCommand(): Command {
  return new Command('status')
    .description('show the members of an ensemble (all ensembles when NAME is left out); reads only')
    .addArgument(new Argument('[name]', 'ensemble name (metadata.name of its manifest)'))
    .addOption(stateDirOption())
    .addOption(outputOption())
    .action(async (name: string | undefined, options: { stateDir: string; output: OutputFormat }) => {
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
    });
}
