import { Command } from 'commander';

/**
 * `zkop place-snapshot`: run by a new member's init container on Kubernetes when its ensemble starts
 * from a backup (spec.bootstrap); not meant to be run by hand.
 */
export function placeSnapshotCommand(): Command {
  return new Command('place-snapshot')
    .description(
      "(a new member's init container) place a backup's snapshot, verified, into an empty data directory",
    )
    .requiredOption(
      '--from <target>',
      's3://bucket/prefix (endpoint and credentials from the AWS_* variables)',
    )
    .requiredOption('--backup <id>', 'the backup')
    .requiredOption('--zookeeper-version <version>', "the member's ZooKeeper version")
    .requiredOption('--data-dir <dir>', "the member's data directory")
    .option('--data-log-dir <dir>', "the member's transaction log directory (default: the data directory)")
    .action(
      async (options: {
        from: string;
        backup: string;
        zookeeperVersion: string;
        dataDir: string;
        dataLogDir?: string;
      }) => {
        const { placeMemberSnapshot } = await import('../../platform/kubernetes/index.ts');
        const outcome = await placeMemberSnapshot({
          from: options.from,
          backupId: options.backup,
          version: options.zookeeperVersion,
          dataDir: options.dataDir,
          dataLogDir: options.dataLogDir ?? options.dataDir,
        });
        process.stdout.write(
          `${'placed' in outcome ? `placed backup ${options.backup} as ${outcome.placed}` : outcome.kept}\n`,
        );
      },
    );
}
