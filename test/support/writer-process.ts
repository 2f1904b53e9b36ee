/**
 * zkop's own writer (zookeeper-load.ts) as a process, so it can run inside the test cluster's
 * network: prints `ready` once writing, and on SIGTERM one JSON line with its WriterReport.
 *   scripts/node test/support/writer-process.ts SERVERS PATH [WRITES_PER_SECOND]
 */
import { startWriter } from './zookeeper-load.ts';

const [servers, path, rate = '0'] = process.argv.slice(2);
if (!servers || !path || !/^\d+$/.test(rate)) {
  process.stderr.write('usage: writer-process.ts SERVERS PATH [WRITES_PER_SECOND]\n');
  process.exit(2);
}
const writer = await startWriter(servers, path, Number(rate));
process.stdout.write('ready\n');
process.once('SIGTERM', async () => {
  process.stdout.write(`${JSON.stringify(await writer.stop())}\n`);
  process.exit(0);
});
