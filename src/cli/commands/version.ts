import { Command } from 'commander';
import { DEFAULT_VERSION, supportedVersionList } from '../../api/versions.ts';
import { buildInfo } from '../../build-info.ts';
import { type OutputFormat, outputOption, printJson } from '../options.ts';

export function versionCommand(): Command {
  return new Command('version')
    .description(
      'print the zkop version, the git revision it was built from and the ZooKeeper versions it runs',
    )
    .addOption(outputOption())
    .action((options: { output: OutputFormat }) => {
      const { version, revision } = buildInfo();
      const info = {
        zkop: version,
        revision,
        zookeeper: { default: DEFAULT_VERSION, supported: supportedVersionList().split(', ') },
      };
      if (options.output === 'json') printJson(info);
      else
        process.stdout.write(
          `zkop ${info.zkop} (revision ${revision})\nZooKeeper ${info.zookeeper.supported.join(', ')} (default ${DEFAULT_VERSION})\n`,
        );
    });
}
