import { Command, InvalidArgumentError, Option } from 'commander';
import type { OperatorOptions } from '../../platform/kubernetes/index.ts';
import { invalidInput } from '../../platform/shared/errors.ts';

const positiveInt = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive integer');
  return n;
};

const namespaces = (value: string, previous: string[] = []): string[] => [
  ...previous,
  ...value
    .split(',')
    .map((ns) => ns.trim())
    .filter(Boolean),
];

export function operatorCommand(): Command {
  return new Command('operator')
    .description('run the Kubernetes operator: watch ZooKeeper objects and manage their ensembles')
    .option('--kubeconfig <file>', 'kubeconfig file (default: $KUBECONFIG, ~/.kube/config, or in-cluster)')
    .option('--context <name>', 'kubeconfig context to use')
    .option('--in-cluster', "use the pod's service account", false)
    .option(
      '-n, --namespace <ns>',
      'namespace to watch; repeat or comma-separate for several (default: all)',
      namespaces,
    )
    .option('--no-leader-elect', 'run without leader election (only one replica may run)')
    .option('--lease-namespace <ns>', "namespace of the leader election Lease (default: the pod's namespace)")
    .option('--lease-name <name>', 'name of the leader election Lease', 'zkop-leader')
    .option('--metrics-address <host:port>', 'where /healthz, /readyz and /metrics listen', '0.0.0.0:8080')
    .option('--workers <n>', 'ensembles reconciled at once', positiveInt, 2)
    .option('--cluster-domain <domain>', 'DNS domain of the cluster', 'cluster.local')
    .option(
      '--operator-image <image>',
      'the image this operator runs: new members of an ensemble that starts from a backup run it to place the backup (spec.bootstrap)',
    )
    .addOption(
      new Option('--log-level <level>', 'log level')
        .choices(['debug', 'info', 'warn', 'error'])
        .default('info'),
    )
    .action(async (options: OperatorOptions) => {
      // Loaded on use: the Kubernetes client is heavy, and the other commands do not need it.
      const { runOperator, OperatorConfigError } = await import('../../platform/kubernetes/index.ts');
      try {
        await runOperator(options);
      } catch (error) {
        if (error instanceof OperatorConfigError) throw invalidInput(error.message);
        throw error;
      }
    });
}
