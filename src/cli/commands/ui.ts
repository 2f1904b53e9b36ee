import { Command, Option } from 'commander';
import { untilInterrupted } from '../../platform/local/index.ts';
import { invalidInput } from '../../platform/shared/errors.ts';
import { localSource } from '../../ui/local-source.ts';
import { startUiServer } from '../../ui/server.ts';
import type { UiSource } from '../../ui/source.ts';
import { type KubernetesFlags, kubernetesOptions, kubernetesTargetOf } from '../kubernetes-options.ts';
import { stateDirOf, stateDirOption } from '../options.ts';

function portOf(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw invalidInput(`--port must be a port number (0 to 65535, 0 picks a free one), not '${text}'`);
  return port;
}

/** The namespace's ZooKeeper objects when a Kubernetes flag is given, else the local ensembles. */
async function sourceOf(options: { stateDir: string } & KubernetesFlags): Promise<UiSource> {
  const target = kubernetesTargetOf(options);
  if (!target) return localSource(stateDirOf(options));
  // Loaded only here: the Kubernetes client library is heavy for the commands that stay local.
  const { kubernetesSource } = await import('../../ui/kubernetes/kubernetes-source.ts');
  try {
    return await kubernetesSource(target);
  } catch (error) {
    throw invalidInput((error as Error).message);
  }
}

export function uiCommand(): Command {
  const command = new Command('ui')
    .description(
      'serve a read-only page on 127.0.0.1 showing the local ensembles as zkop status does, or with -n/--context the ZooKeeper objects of a namespace as your kubeconfig may read them, updated every second',
    )
    .addOption(stateDirOption())
    .addOption(new Option('--port <port>', 'port on 127.0.0.1 (0: a free one)').default('0'));
  for (const option of kubernetesOptions()) command.addOption(option);
  return command.action(async (options: { stateDir: string; port: string } & KubernetesFlags) => {
    const port = portOf(options.port);
    const server = await startUiServer(await sourceOf(options), port);
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
