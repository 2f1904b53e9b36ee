import { Argument, Command, Option } from 'commander';
import { backup, listBackupsIn } from '../../platform/local/index.ts';
import { formatBackup, formatBackupList } from '../format-backup.ts';
import {
  type OutputFormat,
  outputOption,
  printJson,
  progressPrinter,
  stateDirOf,
  stateDirOption,
} from '../options.ts';

function createCommand(): Command {
  return new Command('create')
    .description('back up a local ensemble (the default: zkop backup NAME --to ...)')
    .addArgument(new Argument('<name>', 'ensemble name'))
    .requiredOption(
      '--to <target>',
      'a directory or s3://bucket/prefix (credentials from the AWS_* variables)',
    )
    .addOption(new Option('--logical', 'export every znode (any version) instead of a snapshot (3.9+)'))
    .addOption(stateDirOption())
    .addOption(outputOption())
    .action(
      async (
        name: string,
        options: { to: string; logical?: boolean; stateDir: string; output: OutputFormat },
      ) => {
        const manifest = await backup(name, {
          stateDir: stateDirOf(options),
          to: options.to,
          logical: options.logical === true,
          onProgress: progressPrinter(options.output === 'json'),
        });
        if (options.output === 'json') printJson(manifest);
        else process.stdout.write(`${formatBackup(manifest)}\n`);
      },
    );
}

function listCommand(): Command {
  return new Command('list')
    .description('list the complete backups in a target, oldest first')
    .requiredOption('--from <target>', 'a directory or s3://bucket/prefix')
    .addOption(outputOption())
    .action(async (options: { from: string; output: OutputFormat }) => {
      const listing = await listBackupsIn(options.from);
      if (options.output === 'json') printJson(listing);
      else process.stdout.write(`${formatBackupList(listing)}\n`);
    });
}

export function backupCommand(): Command {
  return new Command('backup')
    .description(
      'take a backup of a local ensemble (zkop backup NAME --to TARGET [--logical]) or list backups',
    )
    .addCommand(createCommand().exitOverride(), { isDefault: true })
    .addCommand(listCommand().exitOverride());
}
