/** Fetching ZooKeeper with Maven into an empty cache, running it, and reusing the cache. */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { ensureDistribution } from '../../src/platform/local/distribution/index.ts';

const run = promisify(execFile);
const node = process.execPath;
const cacheDir = mkdtempSync(join(tmpdir(), 'zkop-cache-'));
after(() => rmSync(cacheDir, { recursive: true, force: true }));

async function reportedVersion(classpath: readonly string[]): Promise<string> {
  const { stdout } = await run('java', [
    '-cp',
    classpath.join(':'),
    'org.apache.zookeeper.version.VersionInfoMain',
  ]);
  return stdout.trim();
}

/** ensureDistribution in a separate process, as a second `zkop` or test file would call it. */
async function ensureInChild(version: string): Promise<{ source: string; home: string; messages: string[] }> {
  const script = `
    const { ensureDistribution } = await import(${JSON.stringify(new URL('../../src/platform/local/distribution/index.ts', import.meta.url).href)});
    const messages = [];
    const d = await ensureDistribution(${JSON.stringify(version)}, { cacheDir: ${JSON.stringify(cacheDir)}, onProgress: (m) => messages.push(m) });
    console.log(JSON.stringify({ source: d.source, home: d.home, messages }));`;
  const { stdout } = await run(node, ['--input-type=module', '-e', script], { timeout: 600_000 });
  return JSON.parse(stdout);
}

describe('ZooKeeper distribution from Maven', () => {
  test('two processes fetching 3.9.4 at once: one fetches, the other waits and reuses', async (t) => {
    const leftover = join(cacheDir, 'zookeeper', '.3.9.4.tmp-killed');
    mkdirSync(join(leftover, 'lib'), { recursive: true });
    const started = Date.now();
    const [a, b] = await Promise.all([ensureInChild('3.9.4'), ensureInChild('3.9.4')]);
    t.diagnostic(`cold fetch of 3.9.4 (two processes at once): ${Date.now() - started} ms`);
    assert.equal(a.home, b.home);
    assert.equal(a.source, 'maven');
    const fetched = [a, b].filter((r) => r.messages.some((m) => m.startsWith('fetching ZooKeeper 3.9.4')));
    assert.equal(
      fetched.length,
      1,
      `exactly one process fetches: ${JSON.stringify([a.messages, b.messages])}`,
    );
    assert.deepEqual(
      readdirSync(join(cacheDir, 'zookeeper')).filter((name) => name !== '3.9.4'),
      [],
      'no temporary directory (also none from a killed fetch) and no lock is left behind',
    );
  });

  test('the distribution runs and reports its version; a second call is served from the cache', async (t) => {
    const messages: string[] = [];
    const started = Date.now();
    const d = await ensureDistribution('3.9.4', { cacheDir, onProgress: (m) => messages.push(m) });
    t.diagnostic(`cached ensureDistribution: ${Date.now() - started} ms`);
    assert.deepEqual(messages, [], 'nothing fetched');
    assert.equal(d.source, 'maven');
    assert.equal(d.logging, 'logback');
    assert.equal(d.features.prometheusMetrics, true);
    assert.match(await reportedVersion(d.classpath), /^Apache ZooKeeper, version 3\.9\.4 /);
    const jars = d.classpath.map((p) => p.slice(p.lastIndexOf('/') + 1));
    for (const prefix of [
      'zookeeper-prometheus-metrics-3.9.4',
      'logback-classic-',
      'jetty-server-',
      'jackson-databind-',
    ]) {
      assert.ok(
        jars.some((j) => j.startsWith(prefix)),
        `${prefix} is on the class path`,
      );
    }
    assert.ok(
      !jars.some((j) => /-(osx|windows)-|linux-aarch_64/.test(j)),
      'no native jars of other platforms',
    );
  });

  test('3.7.2 logs through reload4j and has no metrics provider (Maven publishes none for 3.7)', async () => {
    const d = await ensureDistribution('3.7.2', { cacheDir });
    assert.equal(d.source, 'maven');
    assert.equal(d.logging, 'log4j');
    assert.equal(d.features.prometheusMetrics, false);
    assert.match(await reportedVersion(d.classpath), /^Apache ZooKeeper, version 3\.7\.2 /);
    const jars = d.classpath.map((p) => p.slice(p.lastIndexOf('/') + 1));
    for (const prefix of ['slf4j-reload4j-', 'reload4j-1.2.', 'jetty-server-', 'jackson-databind-']) {
      assert.ok(
        jars.some((j) => j.startsWith(prefix)),
        `${prefix} is on the class path`,
      );
    }
    assert.ok(!jars.some((j) => j.startsWith('logback-') || j.startsWith('zookeeper-prometheus-metrics')));
  });

  test('without java on PATH the error says so', async () => {
    const script = `
      const { ensureDistribution } = await import(${JSON.stringify(new URL('../../src/platform/local/distribution/index.ts', import.meta.url).href)});
      try { await ensureDistribution('3.9.4', { cacheDir: ${JSON.stringify(cacheDir)} }); console.log('resolved'); }
      catch (e) { console.log(e.message); }`;
    const { stdout } = await run(node, ['--input-type=module', '-e', script], {
      env: { PATH: '/nonexistent' },
    });
    assert.match(stdout, /java was not found; ZooKeeper needs a Java 11\+ runtime/);
  });
});
