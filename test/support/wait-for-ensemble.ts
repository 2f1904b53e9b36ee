/** Polling members with `srvr` until the ensemble serves with exactly one leader. */
import { setTimeout as sleep } from 'node:timers/promises';
import { FourLetterError, fourLetter } from '../../src/zk/four-letter.ts';
import { parseSrvr, type ServingMode } from '../../src/zk/four-letter-parse.ts';

const POLL_MS = 100;

/** The member's mode, or a short reason it has none (not serving, refused, ...). */
export async function memberMode(clientPort: number): Promise<ServingMode | string> {
  try {
    const report = parseSrvr(await fourLetter('127.0.0.1', clientPort, 'srvr', { timeoutMs: 1000 }));
    return report.serving ? report.mode : 'not serving';
  } catch (error) {
    return error instanceof FourLetterError ? error.kind : (error as Error).message;
  }
}

const SERVING: readonly string[] = ['leader', 'follower', 'observer'];

/** Resolves once every given member serves and exactly one is leader; rejects after `timeoutMs`. */
export async function waitForQuorum(
  members: readonly { id: number; clientPort: number }[],
  timeoutMs: number,
): Promise<Map<number, ServingMode>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const modes = await Promise.all(members.map((m) => memberMode(m.clientPort)));
    const leaders = modes.filter((mode) => mode === 'leader').length;
    if (leaders === 1 && modes.every((mode) => SERVING.includes(mode))) {
      return new Map(members.map((m, i) => [m.id, modes[i] as ServingMode]));
    }
    if (Date.now() >= deadline) {
      const seen = members.map((m, i) => `member ${m.id}: ${modes[i]}`).join(', ');
      throw new Error(`ensemble did not serve with one leader within ${timeoutMs} ms (${seen})`);
    }
    await sleep(POLL_MS);
  }
}
