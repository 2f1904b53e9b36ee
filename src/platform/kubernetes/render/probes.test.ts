/** Probes only read: they run zkop's probe scripts, which send `srvr` or `ruok` and nothing else. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { V1Probe } from '@kubernetes/client-node';
import { FOUR_LETTER_WHITELIST } from '../../../config/zoo-cfg.ts';
import { renderObjects } from './render-objects.ts';
import { LIVE_SCRIPT, READY_SCRIPT, SCRIPTS, TLS_READY_SCRIPT } from './scripts.ts';
import { podSpecOf, storedZooKeeper } from './testing/test-helpers.ts';
import { GOLDEN_CASES } from './testing/testdata-cases.ts';
import { TLS_DIR, TLS_FILES_CONTAINER } from './tls.ts';

const PROBE_SCRIPTS = new Set([`/zkop/${READY_SCRIPT}`, `/zkop/${LIVE_SCRIPT}`]);
const READ_ONLY_WORDS = new Set(['srvr', 'ruok']);

function probesOf(zk: Parameters<typeof renderObjects>[0], options = {}): [string, V1Probe][] {
  const pod = podSpecOf(renderObjects(zk, options));
  return [...(pod.initContainers ?? []), ...pod.containers].flatMap((c) =>
    (['startupProbe', 'readinessProbe', 'livenessProbe'] as const)
      .filter((kind) => c[kind] !== undefined)
      .map((kind): [string, V1Probe] => [`${c.name}.${kind}`, c[kind] as V1Probe]),
  );
}

test("every probe runs a probe script, nothing else: ZooKeeper's on the client port, the TLS sidecar's on its stores", () => {
  for (const [name, { zk, options }] of Object.entries(GOLDEN_CASES)) {
    const probes = probesOf(zk, options);
    const tls = zk.spec.tls?.client?.enabled || zk.spec.tls?.quorum?.enabled;
    assert.equal(probes.length, tls ? 4 : 3, name);
    for (const [where, probe] of probes) {
      assert.equal(probe.httpGet, undefined, where);
      assert.equal(probe.tcpSocket, undefined, where);
      const [shell, script, argument, ...rest] = probe.exec?.command ?? [];
      assert.equal(shell, 'bash', where);
      if (where.startsWith(`${TLS_FILES_CONTAINER}.`)) {
        assert.equal(script, `/zkop/${TLS_READY_SCRIPT}`, where);
        assert.equal(argument, TLS_DIR, where);
      } else {
        assert.ok(PROBE_SCRIPTS.has(script ?? ''), `${where}: ${script}`);
        assert.equal(argument, String(zk.spec.ports?.client ?? 2181), where);
      }
      assert.deepEqual(rest, [], where);
    }
  }
});

test('readiness asks srvr, liveness and startup ask ruok', () => {
  const byKind = Object.fromEntries(probesOf(storedZooKeeper()).map(([w, p]) => [w, p.exec?.command?.[1]]));
  assert.deepEqual(byKind, {
    'zookeeper.startupProbe': '/zkop/live.sh',
    'zookeeper.readinessProbe': '/zkop/ready.sh',
    'zookeeper.livenessProbe': '/zkop/live.sh',
  });
});

test('the probe scripts send only read-only four-letter words and write nothing', () => {
  for (const name of [READY_SCRIPT, LIVE_SCRIPT]) {
    const script = SCRIPTS[name] ?? assert.fail(`${name} missing`);
    const sent = [...script.matchAll(/printf '([a-z]{4})' >&3/g)].map((m) => m[1]);
    assert.equal(sent.length, 1, name);
    for (const word of sent) {
      assert.ok(READ_ONLY_WORDS.has(word ?? ''), `${name} sends ${word}`);
      assert.ok(
        (FOUR_LETTER_WHITELIST as readonly string[]).includes(word ?? ''),
        `${word} is not whitelisted`,
      );
    }
    assert.doesNotMatch(script, /reconfig|zkCli|zkServer|kill|\brm\b|curl|wget/, name);
    // Output goes only to the socket (`>&3`); opening it read-write (`3<>`) is not a file write.
    assert.doesNotMatch(script, /(?<![<&0-9])>{1,2} *[^&\s]/, name);
  }
});
