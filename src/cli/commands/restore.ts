import { Argument, Command, Option } from 'commander';
import { restore } from '../../platform/local/index.ts';
import { formatBackup } from '../format-backup.ts';
import {
  type OutputFormat,
  outputOption,
  printJson,
  progressPrinter,
  stateDirOf,
  stateDirOption,
  timeoutFromSeconds,
  timeoutOption,
} from '../options.ts';

export function restoreCommand(): Command {
  return new Command('restore')
    .description(
      'restore a backup into a local ensemble: a snapshot replaces all its data; a logical backup is imported. ' +
        'Without --from, finishes or undoes a restore a stopped zkop left',
    )
    .addArgument(new Argument('<name>', 'ensemble name'))
    .addOption(new Option('--from <target>', 'a directory or s3://bucket/prefix'))
    .addOption(new Option('--backup <id>', 'the backup to restore (default: the newest complete one)'))
    .addOption(new Option('--replace', 'logical backups: give znodes that exist the backup’s data and ACL'))
    .addOption(timeoutOption())
    .addOption(stateDirOption())
    .addOption(outputOption())
    .action(
      async (
        name: string,
        options: {
          from?: string;
          backup?: string;
          replace?: boolean;
          timeout: string;
          stateDir: string;
          output: OutputFormat;
        },
      ) => {
        const result = await restore(name, {
          stateDir: stateDirOf(options),
          ...(options.from === undefined ? {} : { from: options.from }),
          ...(options.backup === undefined ? {} : { backupId: options.backup }),
          replace: options.replace === true,
          timeoutMs: timeoutFromSeconds(options.timeout),
          onProgress: progressPrinter(options.output === 'json'),
        });
        if (options.output === 'json') {
          printJson(result);
          return;
        }
        const lines: string[] = [];
        if (result.settled) lines.push(`${name}: the restore a stopped zkop left was ${result.settled}`);
        if (result.backup) lines.push(`${name}: restored ${formatBackup(result.backup)}`);
        if (result.imported) {
          lines.push(
            `${name}: ${result.imported.created} znodes created, ${result.imported.replaced} replaced`,
          );
        }
        if (lines.length === 0) lines.push(`${name}: no restore to finish; give --from to restore a backup`);
        process.stdout.write(`${lines.join('\n')}\n`);
      },
    );
}
