import { Command, Option } from 'commander';
import { untilInterrupted } from '../../platform/local/index.ts';
import { invalidInput } from '../../platform/shared/errors.ts';
import { startUiServer } from '../../ui/server.ts';
import { stateDirOf, stateDirOption } from '../options.ts';

function portOf(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw invalidInput(`--port must be a port number (0 to 65535, 0 picks a free one), not '${text}'`);
  return port;
}

export function uiCommand(): Command {
  return new Command('ui')
    .description(
      'serve a read-only page on 127.0.0.1 showing the local ensembles as zkop status does, updated every second',
    )
    .addOption(stateDirOption())
    .addOption(new Option('--port <port>', 'port on 127.0.0.1 (0: a free one)').default('0'))
    .action(async (options: { stateDir: string; port: string }) => {
      const server = await startUiServer(stateDirOf(options), portOf(options.port));
      process.stdout.write(`zkop ui: ${server.url} (Ctrl-C to stop)\n`);
      try {
        await untilInterrupted(
          (signal) => new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve())),
        );
      } finally {
        await server.close();
      }
    });
}
