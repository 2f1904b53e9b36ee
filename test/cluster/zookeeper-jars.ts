/**
 * Prints the jars of a ZooKeeper distribution, one absolute path a line, fetching it the way zkop
 * does (ensureDistribution: Maven, cached). Used by image-zookeeper.sh to fill the image's lib/.
 *   scripts/node test/cluster/zookeeper-jars.ts VERSION
 */
import { ensureDistribution } from '../../src/platform/local/distribution/index.ts';

const version = process.argv[2];
if (version === undefined) {
  process.stderr.write('usage: zookeeper-jars.ts VERSION\n');
  process.exit(2);
}
const distribution = await ensureDistribution(version, {
  onProgress: (message) => process.stderr.write(`${message}\n`),
});
if (distribution.logging !== 'logback') {
  process.stderr.write(
    `ZooKeeper ${version} came from ${distribution.source} and logs through ${distribution.logging}; ` +
      'the image is configured for logback: use a version zkop fetches from Maven\n',
  );
  process.exit(1);
}
process.stdout.write(`${distribution.classpath.join('\n')}\n`);
