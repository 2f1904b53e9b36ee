/** Waiting until a local ensemble serves: exactly one leader and every member in a serving mode. */
import { setTimeout as sleep } from 'node:timers/promises';
import { failed } from '../shared/errors.ts';
import { type MemberObservation, observeMember } from './observe-member.ts';
import type { MemberRecord, ProcessRecord } from './state/state.ts';

export interface WaitOptions {
  readonly timeoutMs: number;
  readonly pollMs?: number;
  /** The log lines worth showing when a member does not come up. */
  readonly logTail: (id: number) => string;
  readonly onProgress?: (message: string) => void;
}

/** Resolves once the ensemble serves; fails early when a member's process exits, or at the timeout. */
export async function waitUntilServing(
  members: readonly MemberRecord[],
  processes: Readonly<Record<string, ProcessRecord>>,
  options: WaitOptions,
): Promise<MemberObservation[]> {
  const { timeoutMs, pollMs = 200 } = options;
  const deadline = Date.now() + timeoutMs;
  let lastSummary = '';
  for (;;) {
    const observations = await Promise.all(members.map((m) => observeMember(m, processes[String(m.id)])));
    const exited = observations.find((o) => !o.running);
    if (exited) {
      const id = exited.member.id;
      throw failed(`member ${id} exited while starting; its log ends with:`, options.logTail(id));
    }
    const leaders = observations.filter((o) => o.mode === 'leader').length;
    const serving = observations.filter((o) => o.mode !== undefined).length;
    if (leaders === 1 && serving === members.length) return observations;
    const summary = `${serving}/${members.length} members serving, ${leaders === 1 ? 'leader elected' : 'no leader yet'}`;
    if (summary !== lastSummary) options.onProgress?.(summary);
    lastSummary = summary;
    if (Date.now() >= deadline) {
      const stuck = observations.filter((o) => o.mode === undefined);
      const details = stuck
        .map(
          (o) =>
            `member ${o.member.id}: ${o.problem ?? 'not serving'}\n${indent(options.logTail(o.member.id))}`,
        )
        .join('\n');
      throw failed(
        `the ensemble did not serve within ${Math.round(timeoutMs / 1000)} s (${summary}); raise --timeout or see the logs:`,
        details,
      );
    }
    await sleep(pollMs);
  }
}

const indent = (text: string) =>
  text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
