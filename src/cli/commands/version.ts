import { Command } from 'commander';
import packageJson from '../../../package.json' with { type: 'json' };
import { DEFAULT_VERSION, supportedVersionList } from '../../api/versions.ts';
import { type OutputFormat, outputOption, printJson } from '../options.ts';

export function versionCommand(): Command {
  return new Command('version')
    .description('print the zkop version and the ZooKeeper versions it runs')
    .addOption(outputOption())
    .action((options: { output: OutputFormat }) => {
      const info = {
        zkop: packageJson.version,
        zookeeper: { default: DEFAULT_VERSION, supported: supportedVersionList().split(', ') },
      };
      if (options.output === 'json') printJson(info);
      else
        process.stdout.write(
          `zkop ${info.zkop}\nZooKeeper ${info.zookeeper.supported.join(', ')} (default ${DEFAULT_VERSION})\n`,
        );
    });
}
