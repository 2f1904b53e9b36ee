/**
 * Prints the jars of a ZooKeeper distribution, one absolute path a line, fetching it the way zkop
 * does (ensureDistribution: Maven, cached). Used by image-zookeeper.sh to fill the image's lib/.
 * With --logging, prints the logging backend those jars log through instead (logback or log4j),
 * which names the logging config the image carries.
 *   scripts/node test/cluster/zookeeper-jars.ts [--logging] VERSION
 */
import { ensureDistribution } from '../../src/platform/local/distribution/index.ts';

const args = process.argv.slice(2);
const logging = args[0] === '--logging';
const version = logging ? args[1] : args[0];
if (version === undefined) {
  process.stderr.write('usage: zookeeper-jars.ts [--logging] VERSION\n');
  process.exit(2);
}
const distribution = await ensureDistribution(version, {
  onProgress: (message) => process.stderr.write(`${message}\n`),
});
if (distribution.source !== 'maven') {
  // Debian's jars find their dependencies through /usr/share/java: copied alone they do not run.
  process.stderr.write(
    `ZooKeeper ${version} came from ${distribution.source}, not Maven; the image needs the jars Maven resolves\n`,
  );
  process.exit(1);
}
process.stdout.write(logging ? `${distribution.logging}\n` : `${distribution.classpath.join('\n')}\n`);
