/**
 * Watches a local ensemble's members (4lw `srvr` on their plain client ports, which stay open on
 * 127.0.0.1 with TLS too) while something changes it: every stretch of samples in which fewer than
 * a quorum of the voters served, with the leader before and after it, and every change of leader.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { readState } from '../../src/platform/local/state/state.ts';
import { FourLetterError, fourLetter } from '../../src/zk/four-letter.ts';
import { parseSrvr } from '../../src/zk/four-letter-parse.ts';

/** Consecutive samples without a quorum serving. */
export interface Outage {
  readonly samples: number;
  readonly leaderBefore: number | undefined;
  readonly leaderAfter: number | undefined;
}

export interface QuorumReport {
  readonly samples: number;
  /** Samples left out because a member did not answer `srvr` in time. */
  readonly unanswered: number;
  readonly outages: readonly Outage[];
  /** Leaders in the order they were seen, each listed once per term. */
  readonly leaders: readonly number[];
}

export interface QuorumMonitor {
  stop(): Promise<QuorumReport>;
}

/** The member's mode, undefined when it does not serve, 'unknown' when it did not answer in time. */
async function mode(port: number): Promise<string | undefined> {
  try {
    const srvr = parseSrvr(await fourLetter('127.0.0.1', port, 'srvr', { timeoutMs: 2_000 }));
    return srvr.serving ? srvr.mode : undefined;
  } catch (error) {
    return error instanceof FourLetterError && error.kind === 'timeout' ? 'unknown' : undefined;
  }
}

export function monitorQuorum(
  stateDir: string,
  name: string,
  voters: number,
  intervalMs = 200,
): QuorumMonitor {
  let running = true;
  let samples = 0;
  let unanswered = 0;
  const outages: Outage[] = [];
  let open: { samples: number; leaderBefore: number | undefined } | undefined;
  const leaders: number[] = [];
  const loop = (async () => {
    while (running) {
      const members = readState(stateDir, name)?.members ?? [];
      const modes = await Promise.all(members.map(async (m) => [m.id, await mode(m.ports.client)] as const));
      // A busy machine can leave a serving member silent for a while: such a sample says nothing.
      if (modes.some(([, mode]) => mode === 'unknown')) {
        unanswered++;
        await sleep(intervalMs);
        continue;
      }
      const serving = modes.filter(([, mode]) => mode === 'leader' || mode === 'follower').length;
      samples++;
      const leader = modes.find(([, mode]) => mode === 'leader')?.[0];
      if (serving < Math.floor(voters / 2) + 1) {
        open = { samples: (open?.samples ?? 0) + 1, leaderBefore: open ? open.leaderBefore : leaders.at(-1) };
      } else if (open) {
        outages.push({ ...open, leaderAfter: leader });
        open = undefined;
      }
      if (leader !== undefined && leaders.at(-1) !== leader) leaders.push(leader);
      await sleep(intervalMs);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      if (open) outages.push({ ...open, leaderAfter: undefined });
      return { samples, unanswered, outages, leaders };
    },
  };
}
