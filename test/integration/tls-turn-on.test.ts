/**
 * TLS turned on in a running local 3-member ensemble under a continuous writer, by `zkop up -f` with
 * client and quorum TLS: on 3.9.4 with zkop killed (SIGKILL) at every step and run again, on 3.8.3
 * in one run. Every acknowledged write is read back, the writer's session never expires, each
 * member goes through the three quorum stages in order, and the ensemble ends serving TLS on the
 * quorum and on the secure client ports. The voters serving are sampled every 200 ms and reported
 * with the leader changes and the longest write gap (figures, not thresholds).
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { up } from '../../src/platform/local/commands/up.ts';
import { readState } from '../../src/platform/local/state/state.ts';
import { monitorQuorum, type QuorumReport } from '../support/quorum-monitor.ts';
import { missingWrites, startWriter, type WriterReport } from '../support/zookeeper-load.ts';
import { clientAddresses, scratch, zkopCommands } from './lifecycle-support.ts';

const manifest = (name: string, version: string, tls: boolean) =>
  `metadata: {name: ${name}}\nspec:\n  version: "${version}"\n  replicas: 3\n  jvm: {heap: 128Mi}\n` +
  (tls ? '  tls: {client: {enabled: true}, quorum: {enabled: true}}\n' : '');

const STAGES = [
  'tls: quorum stage 1 of 3: portUnification on with the TLS stores',
  'tls: quorum stage 2 of 3: sslQuorum on',
  'tls: quorum stage 3 of 3: portUnification off',
];

for (const { version, killed } of [
  { version: '3.9.4', killed: true },
  { version: '3.8.3', killed: false },
]) {
  describe(`TLS turned on under a writer, ZooKeeper ${version}${killed ? ', zkop killed at every step' : ''}`, () => {
    const name = `on${version.replaceAll('.', '')}`;
    const dir = scratch('zkop-tls-on-');
    const { stateDir } = dir;
    after(() => dir.cleanup(name));

    it('loses no acknowledged write and no session; every member goes through the stages in order', async (t) => {
      let report: WriterReport = {
        acknowledged: [],
        failed: 0,
        longestGapMs: 0,
        longestGapEndedAt: 0,
        expired: 0,
      };
      let seen: QuorumReport = { samples: 0, unanswered: 0, outages: [], leaders: [] };
      await up(dir.manifest('plain.yaml', manifest(name, version, false)), { stateDir });
      const servers = clientAddresses(stateDir, name);
      const writer = await startWriter(servers, '/tls-on-writes');
      const quorum = monitorQuorum(stateDir, name, 3);
      const began = performance.now();
      const tlsManifest = dir.manifest('tls.yaml', manifest(name, version, true));
      let lines: string[] = [];
      try {
        if (killed) {
          lines = await zkopCommands(stateDir, name).killAtEveryStep('up', '-f', tlsManifest);
        } else {
          await up(tlsManifest, { stateDir, timeoutMs: 600_000, onProgress: (l) => lines.push(l) });
        }
      } finally {
        await Promise.all([writer.stop(), quorum.stop()]).then(([w, q]) => {
          report = w;
          seen = q;
        });
      }
      const seconds = (performance.now() - began) / 1000;
      const text = lines.join('\n');
      // A killed run's own lines are lost with it; the members' records show where each ended.
      if (!killed)
        for (const stage of STAGES) assert.ok(text.includes(stage), `${stage} missing from:\n${text}`);
      assert.deepEqual(await missingWrites(servers, '/tls-on-writes', report.acknowledged), []);
      assert.equal(report.expired, 0);
      assert.ok(report.acknowledged.length > 100, `only ${report.acknowledged.length} writes`);
      const sameLeader = seen.outages.filter((o) => o.leaderBefore === o.leaderAfter);
      const starts = Object.values(readState(stateDir, name)?.lifecycle?.members ?? {});
      assert.deepEqual(
        starts.map((m) => [m.quorumTls, m.clientTls]),
        [
          ['tls', true],
          ['tls', true],
          ['tls', true],
        ],
      );
      const status = zkopCommands(stateDir, name).statusJson();
      assert.equal(status.healthy, true);
      assert.equal(status.tls?.connectString.split(',').length, 3);
      t.diagnostic(
        `ZooKeeper ${version}: TLS on in ${seconds.toFixed(1)} s` +
          `${killed ? ` (zkop killed ${lines.length} times)` : ''}, ${report.acknowledged.length} writes acknowledged, ` +
          `0 lost, ${report.expired} expiries, longest write gap ${Math.round(report.longestGapMs)} ms, ` +
          `leaders ${seen.leaders.join(' -> ')} (${Math.max(0, seen.leaders.length - 1)} changes), ` +
          `quorum in ${seen.samples - seen.outages.reduce((n, o) => n + o.samples, 0)}/${seen.samples} samples ` +
          `(${seen.outages.length - sameLeader.length} stretches during a leader change, ${sameLeader.length} with the same leader; ` +
          `${seen.unanswered} samples without an answer in time left out)`,
      );
    });
  });
}
