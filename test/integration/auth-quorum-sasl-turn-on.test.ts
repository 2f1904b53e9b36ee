/**
 * Quorum SASL turned on in a running local 3-member ensemble under a continuous writer, by `zkop up`
 * on ZooKeeper 3.9.4: one stage per rolling restart, zkop's progress naming each stage, and the next
 * one only once every member finished the one before (the order itself: src/engine/quorum-sasl.test.ts). Every acknowledged write is read back, the writer's session never
 * expires, the voters keep a quorum (sampled every 200 ms, reported as figures), and the members end
 * requiring SASL, as status says.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import { up } from '../../src/platform/local/commands/up.ts';
import { readState } from '../../src/platform/local/state/state.ts';
import { memberPaths } from '../../src/platform/local/state/state-layout.ts';
import { monitorQuorum } from '../support/quorum-monitor.ts';
import { missingWrites, startWriter } from '../support/zookeeper-load.ts';
import { clientAddresses, scratch } from './lifecycle-support.ts';

const manifest = (name: string, sasl: boolean) =>
  `metadata: {name: ${name}}\nspec:\n  version: "3.9.4"\n  replicas: 3\n  jvm: {heap: 128Mi}\n` +
  (sasl ? '  auth: {quorum: {sasl: true}}\n' : '');

const STAGES = [
  'auth: quorum SASL stage 1 of 3: learners authenticate',
  'auth: quorum SASL stage 2 of 3: learners require it',
  'auth: quorum SASL stage 3 of 3: servers require it',
];

describe('quorum SASL turned on under a writer, ZooKeeper 3.9.4', () => {
  const name = 'qsaslon';
  const dir = scratch('zkop-quorum-sasl-on-');
  const { stateDir } = dir;
  after(() => dir.cleanup(name));

  it('loses no acknowledged write and no session; every member goes through the stages in order', async (t) => {
    await up(dir.manifest('plain.yaml', manifest(name, false)), { stateDir });
    const servers = clientAddresses(stateDir, name);
    const writer = await startWriter(servers, '/sasl-on-writes');
    const quorum = monitorQuorum(stateDir, name, 3);
    const began = performance.now();
    const lines: string[] = [];
    const outcome = await up(dir.manifest('sasl.yaml', manifest(name, true)), {
      stateDir,
      timeoutMs: 300_000,
      onProgress: (l) => lines.push(l),
    }).then(
      (result) => ({ result }),
      (error: unknown) => ({ error }),
    );
    const [report, seen] = await Promise.all([writer.stop(), quorum.stop()]);
    if ('error' in outcome) throw outcome.error;
    const { result } = outcome;
    const seconds = (performance.now() - began) / 1000;
    const text = lines.join('\n');
    // zkop names a stage only once every member finished the one before.
    const firsts = STAGES.map((stage) => text.indexOf(stage));
    const lasts = STAGES.map((stage) => text.lastIndexOf(stage));
    for (const [i, stage] of STAGES.entries()) {
      assert.ok(firsts[i] !== -1, `${stage} missing from:\n${text}`);
      if (i > 0) assert.ok((lasts[i - 1] ?? 0) < (firsts[i] ?? 0), `${stage} began early:\n${text}`);
    }
    assert.deepEqual(await missingWrites(servers, '/sasl-on-writes', report.acknowledged), []);
    assert.equal(report.expired, 0);
    assert.ok(report.acknowledged.length > 100, `only ${report.acknowledged.length} writes`);
    assert.equal(result.status.healthy, true);
    assert.deepEqual(
      result.status.members.map((m) => m.quorumSasl),
      ['servers-require', 'servers-require', 'servers-require'],
    );
    for (const id of [1, 2, 3]) {
      const cfg = readFileSync(memberPaths(stateDir, name, id).zooCfg, 'utf8');
      assert.match(cfg, /^quorum\.auth\.serverRequireSasl=true$/m);
    }
    assert.ok(readState(stateDir, name)?.quorumPassword);
    const lostQuorum = seen.outages.filter((o) => o.leaderBefore === o.leaderAfter);
    t.diagnostic(
      `quorum SASL on in ${seconds.toFixed(1)} s, ${report.acknowledged.length} writes acknowledged, 0 lost, ` +
        `${report.expired} expiries, longest write gap ${Math.round(report.longestGapMs)} ms, ` +
        `leaders ${seen.leaders.join(' -> ')}, quorum in ` +
        `${seen.samples - seen.outages.reduce((n, o) => n + o.samples, 0)}/${seen.samples} samples ` +
        `(${seen.outages.length - lostQuorum.length} stretches during a leader change, ${lostQuorum.length} with the same leader)`,
    );
  });
});
