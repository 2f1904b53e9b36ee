/**
 * The Debian fallback: with Maven failing (a stand-in `mvn` that exits 1 comes first on PATH),
 * 3.8.0 comes from Debian's packages (installed with apt-get when missing, which needs root)
 * and runs as an ensemble; other versions fail with Maven's error.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { ensureDistribution } from '../../src/platform/local/distribution/index.ts';
import { startEnsemble } from '../support/ensemble.ts';
import { memberMode } from '../support/wait-for-ensemble.ts';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'zkop-debian-'));
const cacheDir = join(dir, 'cache');
const originalPath = process.env.PATH;

describe('Debian fallback when Maven cannot resolve', () => {
  before(() => {
    writeFileSync(
      join(dir, 'mvn'),
      '#!/bin/sh\necho "[ERROR] Could not transfer artifact: network is unreachable" >&2\nexit 1\n',
    );
    chmodSync(join(dir, 'mvn'), 0o755);
    process.env.PATH = `${dir}:${originalPath}`;
  });
  after(() => {
    process.env.PATH = originalPath;
    rmSync(dir, { recursive: true, force: true });
  });

  test('3.8.0 comes from Debian, logs through log4j and reports its version', async () => {
    const messages: string[] = [];
    const d = await ensureDistribution('3.8.0', { cacheDir, onProgress: (m) => messages.push(m) });
    assert.equal(d.source, 'debian');
    assert.equal(d.logging, 'log4j');
    assert.equal(d.features.prometheusMetrics, false);
    assert.ok(
      messages.some((m) => m.includes("trying Debian's package")),
      messages.join('\n'),
    );
    const { stdout } = await run('java', [
      '-cp',
      d.classpath.join(':'),
      'org.apache.zookeeper.version.VersionInfoMain',
    ]);
    assert.match(stdout, /version 3\.8\.0/);
  });

  test("other versions have no fallback: the error is Maven's", async () => {
    await assert.rejects(
      ensureDistribution('3.9.4', { cacheDir }),
      /Maven could not resolve ZooKeeper 3\.9\.4:\n.*network is unreachable/,
    );
  });

  test('a 3-member ensemble runs from the Debian distribution, with its AdminServer', async () => {
    const zk = await startEnsemble({ members: 3, version: '3.8.0', cacheDir });
    try {
      const modes = await Promise.all(zk.members.map((m) => memberMode(m.clientPort)));
      assert.deepEqual(modes.sort(), ['follower', 'follower', 'leader']);
      const m = zk.members[0] ?? assert.fail();
      assert.equal((await fetch(`http://127.0.0.1:${m.adminPort}/commands/ruok`)).status, 200);
      assert.match(zk.logTail(m.id, 50), /QuorumPeer/, 'the server log is written through log4j');
    } finally {
      await zk.stop();
    }
  });
});
