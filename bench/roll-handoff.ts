/**
 * Longest write gap during a rolling restart of a local ensemble: leader handoff by reconfig (the
 * default) against a plain leader-last restart, several runs each, under one steady writer that
 * sets data on one znode as fast as it is acknowledged. Two figures: the longest gap over the whole
 * roll (it includes the writer's reconnect when its own server restarts) and the longest gap from
 * the start of the leader's turn to the end (the writer talks to a follower already restarted).
 *
 *   scripts/node bench/roll-handoff.ts [--members 3] [--runs 3]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { down } from '../src/platform/local/commands/down.ts';
import { restart } from '../src/platform/local/commands/restart.ts';
import { up } from '../src/platform/local/commands/up.ts';
import { readState } from '../src/platform/local/state/state.ts';
import { ZkClient } from '../src/zk/client.ts';
import { fourLetter } from '../src/zk/four-letter.ts';
import { parseSrvr } from '../src/zk/four-letter-parse.ts';
import { epochOf } from '../src/zk/zxid.ts';
import { median } from './k8s/stats.ts';

const { values } = parseArgs({
  options: { members: { type: 'string', default: '3' }, runs: { type: 'string', default: '3' } },
});
const members = Number(values.members);
const runs = Number(values.runs);
const name = 'bench';
const stateDir = mkdtempSync(join(tmpdir(), 'zkop-bench-roll-'));
const manifest = join(stateDir, 'zk.yaml');
writeFileSync(
  manifest,
  `apiVersion: zookeeper.zkop.dev/v1alpha1\nkind: ZooKeeper\nmetadata: {name: ${name}}\nspec:\n  version: "3.9.4"\n  replicas: ${members}\n  jvm: {heap: 128Mi}\n`,
);

async function modes(): Promise<{ id: number; mode: string | undefined; epoch: number }[]> {
  const answers: { id: number; mode: string | undefined; epoch: number }[] = [];
  for (const m of readState(stateDir, name)?.members ?? []) {
    try {
      const srvr = parseSrvr(await fourLetter(m.host, m.ports.client, 'srvr', { timeoutMs: 2_000 }));
      answers.push({
        id: m.id,
        mode: srvr.serving ? srvr.mode : undefined,
        epoch: srvr.serving ? epochOf(srvr.zxid) : 0,
      });
    } catch {
      answers.push({ id: m.id, mode: undefined, epoch: 0 });
    }
  }
  return answers;
}

const highestEpoch = async () => Math.max(...(await modes()).map((m) => m.epoch));

/** The longest time between acknowledged writes from `from` on (the gap running at `from` included). */
function longestGapAfter(acks: readonly number[], from: number, end: number): number {
  let longest = 0;
  let previous = acks.filter((t) => t <= from).at(-1) ?? from;
  for (const t of [...acks.filter((t) => t > from), end]) {
    longest = Math.max(longest, t - previous);
    previous = t;
  }
  return longest;
}

interface RunResult {
  readonly longestGapMs: number;
  readonly leaderTurnGapMs: number;
  readonly failed: number;
  readonly writes: number;
  readonly leaderChanges: number;
  readonly rollMs: number;
}

async function measuredRoll(leaderHandoff: boolean): Promise<RunResult> {
  const before = await modes();
  const leader = before.find((m) => m.mode === 'leader')?.id;
  // The followers restart first, lowest id first: the writer's own server is back before the leader's turn.
  const follower = before.find((m) => m.mode === 'follower')?.id;
  const member = readState(stateDir, name)?.members.find((m) => m.id === follower);
  if (leader === undefined || !member) throw new Error('the ensemble has no leader and follower to measure');
  const client = await ZkClient.connect({
    servers: `${member.host}:${member.ports.client}`,
    connectTimeoutMs: 10_000,
    requestTimeoutMs: 5_000,
  });
  await client.create('/bench').catch(() => undefined);
  let running = true;
  let failed = 0;
  const acks: number[] = [];
  const writer = (async () => {
    while (running) {
      try {
        await client.setData('/bench', String(acks.length));
        acks.push(performance.now());
      } catch {
        failed++;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    }
  })();
  const epoch = await highestEpoch();
  const started = performance.now();
  let leaderTurn: number | undefined;
  const turn = new RegExp(`(reconfig: demote member ${leader} |restart member ${leader}$)`);
  await restart(name, {
    stateDir,
    leaderHandoff,
    timeoutMs: 300_000,
    onProgress: (line) => {
      if (leaderTurn === undefined && turn.test(line)) leaderTurn = performance.now();
    },
  });
  const end = performance.now();
  running = false;
  await writer;
  await client.close();
  return {
    longestGapMs: longestGapAfter(acks, started, end),
    leaderTurnGapMs: longestGapAfter(acks, leaderTurn ?? end, end),
    failed,
    writes: acks.length,
    leaderChanges: (await highestEpoch()) - epoch,
    rollMs: end - started,
  };
}

try {
  await up(manifest, { stateDir });
  const results: { mode: string; result: RunResult }[] = [];
  for (let run = 0; run < runs; run++) {
    for (const [mode, handoff] of [
      ['handoff', true],
      ['leader-last', false],
    ] as const) {
      const result = await measuredRoll(handoff);
      results.push({ mode, result });
      process.stderr.write(`${mode} run ${run + 1}: ${JSON.stringify(result)}\n`);
    }
  }
  process.stdout.write(`rolling restart of ${members} members, ${runs} runs each\n`);
  process.stdout.write(
    'mode         longest gap ms, whole roll  median  leader turn gap ms  median  failed  leader changes  roll s\n',
  );
  for (const mode of ['handoff', 'leader-last']) {
    const mine = results.filter((r) => r.mode === mode).map((r) => r.result);
    const gaps = mine.map((r) => Math.round(r.longestGapMs));
    const turns = mine.map((r) => Math.round(r.leaderTurnGapMs));
    process.stdout.write(
      `${mode.padEnd(12)} ${gaps.join(', ').padEnd(27)} ${String(median(gaps)).padEnd(7)} ` +
        `${turns.join(', ').padEnd(19)} ${String(median(turns)).padEnd(7)} ` +
        `${mine
          .map((r) => r.failed)
          .join(',')
          .padEnd(7)} ${mine
          .map((r) => r.leaderChanges)
          .join(',')
          .padEnd(15)} ` +
        `${mine.map((r) => (r.rollMs / 1000).toFixed(1)).join(',')}\n`,
    );
  }
} finally {
  await down(name, { stateDir, purge: true }).catch(() => undefined);
  rmSync(stateDir, { recursive: true, force: true });
}
