/**
 * Interop: what ZkClient writes, ZooKeeper's own CLI (ZooKeeperMain, as zkCli.sh runs it) and the Python
 * kazoo client read, and the reverse. kazoo is installed from PyPI into .cache/kazoo-venv on first use.
 */

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { ensureDistribution } from '../../src/platform/local/distribution/index.ts';
import { ZkClient } from '../../src/zk/client.ts';
import { startEnsemble, type TestEnsemble } from '../support/ensemble.ts';
import { ensureKazoo, kazooPython } from '../support/kazoo.ts';

const run = promisify(execFile);
const python = kazooPython;

/** kazoo: reads `readPath`, writes `writePath`, prints what it read and the children of `listPath`. */
const KAZOO_SCRIPT = `
import json, sys
from kazoo.client import KazooClient
hosts, read_path, write_path, list_path = sys.argv[1:5]
zk = KazooClient(hosts=hosts)
zk.start(timeout=15)
zk.sync(read_path)
data, stat = zk.get(read_path)
zk.create(write_path, "written by kazoo ✓".encode("utf-8"))
children = sorted(zk.get_children(list_path))
print(json.dumps({"data": data.decode("utf-8"), "version": stat.version, "children": children}))
zk.stop()
`;

describe('interop with zkCli and kazoo', () => {
  let zk: TestEnsemble;
  let client: ZkClient;
  let classpath: string;

  before(async () => {
    zk = await startEnsemble({ members: 3 });
    classpath = (await ensureDistribution(zk.version)).classpath.join(':');
    client = await ZkClient.connect({ servers: zk.connectString });
    await client.create('/interop');
    await ensureKazoo();
  });
  after(async () => {
    await client?.close();
    await zk?.stop();
  });

  const zkCli = async (...args: string[]): Promise<string> => {
    const server = `127.0.0.1:${zk.members[0]?.clientPort}`;
    const { stdout } = await run(
      'java',
      ['-Xmx64m', '-cp', classpath, 'org.apache.zookeeper.ZooKeeperMain', '-server', server, ...args],
      { timeout: 60_000 },
    );
    return stdout;
  };

  it('zkCli reads what ZkClient wrote, and ZkClient reads what zkCli wrote', async () => {
    await client.create('/interop/from-zkop', { data: 'written by zkop' });
    await client.setData('/interop/from-zkop', 'written by zkop, version 1');
    const out = await zkCli('get', '-s', '/interop/from-zkop');
    const lines = out.split('\n').map((l) => l.trim());
    assert.ok(lines.includes('written by zkop, version 1'), out);
    assert.ok(lines.includes('dataVersion = 1'), out);

    await zkCli('create', '/interop/from-cli', 'written-by-zkCli');
    await client.sync('/interop/from-cli');
    assert.equal((await client.getData('/interop/from-cli')).data.toString(), 'written-by-zkCli');
  });

  it('kazoo reads what ZkClient wrote, and ZkClient reads what kazoo wrote', async () => {
    await client.create('/interop/for-kazoo', { data: 'zkop → kazoo ✓' });
    const { stdout } = await run(
      python,
      ['-c', KAZOO_SCRIPT, zk.connectString, '/interop/for-kazoo', '/interop/from-kazoo', '/interop'],
      { timeout: 60_000 },
    );
    const seen = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}');
    assert.equal(seen.data, 'zkop → kazoo ✓');
    assert.equal(seen.version, 0);
    assert.ok(seen.children.includes('for-kazoo'));
    await client.sync('/interop/from-kazoo');
    assert.equal((await client.getData('/interop/from-kazoo')).data.toString('utf8'), 'written by kazoo ✓');
  });
});
