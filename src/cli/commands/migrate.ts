import { Argument, Command, Option } from 'commander';
import { exportZnodes, importZnodes } from '../../platform/local/index.ts';
import { formatBackup } from '../format-backup.ts';
import {
  type OutputFormat,
  outputOption,
  printJson,
  progressPrinter,
  stateDirOf,
  stateDirOption,
} from '../options.ts';

const authOption = () =>
  new Option('--auth <user:password>', 'digest credentials to authenticate with (addauth digest)');

export function exportCommand(): Command {
  return new Command('export')
    .description('logical backup of any ZooKeeper (3.7-3.9, run by zkop or not): every znode under --root')
    .requiredOption('--servers <host:port,...>', 'the connect string')
    .requiredOption('--to <target>', 'a directory or s3://bucket/prefix')
    .addOption(new Option('--root <path>', 'subtree to export').default('/'))
    .addOption(authOption())
    .addOption(outputOption())
    .action(
      async (options: { servers: string; to: string; root: string; auth?: string; output: OutputFormat }) => {
        const manifest = await exportZnodes({
          servers: options.servers,
          to: options.to,
          root: options.root,
          ...(options.auth === undefined ? {} : { digest: options.auth }),
          onProgress: progressPrinter(options.output === 'json'),
        });
        if (options.output === 'json') printJson(manifest);
        else process.stdout.write(`${formatBackup(manifest)}\n`);
      },
    );
}

export function importCommand(): Command {
  return new Command('import')
    .description('import a logical backup into a local ensemble NAME (as its super user) or into --servers')
    .addArgument(new Argument('[name]', 'local ensemble name'))
    .addOption(new Option('--servers <host:port,...>', 'any ZooKeeper instead of a local ensemble'))
    .requiredOption('--from <target>', 'a directory or s3://bucket/prefix')
    .addOption(new Option('--backup <id>', 'the backup to import (default: the newest complete one)'))
    .addOption(new Option('--replace', 'give znodes that exist the backup’s data and ACL (else: refused)'))
    .addOption(authOption())
    .addOption(stateDirOption())
    .addOption(outputOption())
    .action(
      async (
        name: string | undefined,
        options: {
          servers?: string;
          from: string;
          backup?: string;
          replace?: boolean;
          auth?: string;
          stateDir: string;
          output: OutputFormat;
        },
      ) => {
        const result = await importZnodes({
          ...(name === undefined ? {} : { name }),
          stateDir: stateDirOf(options),
          ...(options.servers === undefined ? {} : { servers: options.servers }),
          ...(options.auth === undefined ? {} : { digest: options.auth }),
          from: options.from,
          ...(options.backup === undefined ? {} : { backupId: options.backup }),
          replace: options.replace === true,
          onProgress: progressPrinter(options.output === 'json'),
        });
        if (options.output === 'json') printJson(result);
        else {
          const { created, replaced } = result.imported;
          process.stdout.write(
            `imported ${result.backup.id}: ${created} znodes created, ${replaced} replaced\n`,
          );
        }
      },
    );
}
