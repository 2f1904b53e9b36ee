/** The zkop command line: parses arguments, calls the local platform, prints, exits with a code scripts can use. */
import { Command, CommanderError } from 'commander';
import { PlatformError } from '../platform/shared/errors.ts';
import { backupCommand } from './commands/backup.ts';
import { downCommand } from './commands/down.ts';
import { exportCommand, importCommand } from './commands/migrate.ts';
import { operatorCommand } from './commands/operator.ts';
import { placeSnapshotCommand } from './commands/place-snapshot.ts';
import { restartCommand } from './commands/restart.ts';
import { restoreCommand } from './commands/restore.ts';
import { scaleCommand } from './commands/scale.ts';
import { statusCommand } from './commands/status.ts';
import { uiCommand } from './commands/ui.ts';
import { upCommand } from './commands/up.ts';
import { versionCommand } from './commands/version.ts';
import { EXIT_FAILED, EXIT_INVALID_INPUT, EXIT_OK, exitCodeFor } from './exit-codes.ts';

function program(): Command {
  const zkop = new Command('zkop')
    .description('Run Apache ZooKeeper ensembles from a ZooKeeper manifest')
    .exitOverride()
    .showHelpAfterError('(run zkop --help for usage)');
  for (const command of [
    upCommand(),
    statusCommand(),
    scaleCommand(),
    restartCommand(),
    downCommand(),
    uiCommand(),
    backupCommand(),
    restoreCommand(),
    exportCommand(),
    importCommand(),
    versionCommand(),
    operatorCommand(),
    placeSnapshotCommand(),
  ]) {
    zkop.addCommand(command.exitOverride());
  }
  return zkop;
}

async function main(argv: readonly string[]): Promise<number> {
  try {
    await program().parseAsync(argv, { from: 'user' });
    return EXIT_OK;
  } catch (error) {
    return reportError(error);
  }
}

function reportError(error: unknown): number {
  if (error instanceof CommanderError) {
    // Help and version output end with a CommanderError too; they are not failures.
    if (error.exitCode === 0) return EXIT_OK;
    return EXIT_INVALID_INPUT;
  }
  if (error instanceof PlatformError) {
    process.stderr.write(`error: ${error.message}\n`);
    if (error.details !== '') process.stderr.write(`${error.details}\n`);
    return exitCodeFor(error.kind);
  }
  process.stderr.write(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return EXIT_FAILED;
}

process.exitCode = await main(process.argv.slice(2));
