/**
 * One measured phase of a subject's ensemble: an action (apply, rolling restart, scale) and the time
 * until the ensemble has settled, optionally under zkop's writer inside the cluster through the
 * subject's client Service, with the leaders seen and the acknowledged writes missing afterwards.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { startClusterWriter } from '../../test/cluster/in-cluster.ts';
import { memberPods, sampleLeaders, srvrByPod } from '../../test/e2e/ensemble-probe.ts';
import { missingWrites } from '../../test/support/zookeeper-load.ts';
import { NAME, type Subject } from './subject.ts';

export interface WriterFigures {
  readonly acknowledged: number;
  readonly failed: number;
  readonly expired: number;
  readonly longestGapMs: number;
  /** Acknowledged writes missing afterwards. */
  readonly lost: number;
}

export interface PhaseResult {
  readonly phase: string;
  readonly members: number;
  readonly finished: boolean;
  /** From the action until settled (or until the phase gave up). */
  readonly seconds: number;
  readonly leaders: readonly string[];
  readonly writer?: WriterFigures;
  readonly error?: string;
}

export interface PhaseOptions {
  readonly phase: string;
  /** Members once the phase is done. */
  readonly members: number;
  readonly timeoutMs: number;
  /** Writes per second of the writer; none without. */
  readonly writeRate?: number;
  /** Every member pod must be a new one (a rolling restart). */
  readonly replacesPods?: boolean;
}

const log = (line: string) => process.stderr.write(`${line}\n`);

/**
 * Settled: the subject reports `members` ready, as many member pods exist and are ready (none of
 * `old`), each serves, and exactly one leads.
 */
export async function settled(
  subject: Subject,
  ns: string,
  members: number,
  old: ReadonlySet<string> = new Set(),
): Promise<boolean> {
  if (!(await subject.reportsReady(ns, members))) return false;
  const pods = [...memberPods(ns, NAME, subject.selector).values()];
  if (pods.length !== members || pods.some((p) => !p.ready || old.has(p.uid))) return false;
  const answers = [...(await srvrByPod(ns, NAME, subject.selector)).values()];
  return answers.every((a) => a !== undefined) && answers.filter((a) => a?.mode === 'leader').length === 1;
}

async function untilSettled(subject: Subject, ns: string, o: PhaseOptions, old: ReadonlySet<string>) {
  const deadline = performance.now() + o.timeoutMs;
  while (performance.now() < deadline) {
    if (await settled(subject, ns, o.members, old)) return true;
    await sleep(500);
  }
  return false;
}

/** `ip:2181` of every member pod, for a client on this machine. */
const podServers = (subject: Subject, ns: string) =>
  [...memberPods(ns, NAME, subject.selector).values()]
    .flatMap((p) => (p.ip ? [`${p.ip}:2181`] : []))
    .join(',');

let phases = 0;

export async function measurePhase(
  subject: Subject,
  ns: string,
  o: PhaseOptions,
  action: () => Promise<void>,
): Promise<PhaseResult> {
  const path = `/peers-${++phases}`;
  const writer =
    o.writeRate === undefined
      ? undefined
      : await startClusterWriter(subject.clientService(ns), path, 1, o.writeRate);
  if (writer) await sleep(3000);
  const old = new Set(
    o.replacesPods ? [...memberPods(ns, NAME, subject.selector).values()].map((p) => p.uid) : [],
  );
  const leaders = writer ? sampleLeaders(ns, NAME, subject.selector) : undefined;
  const start = performance.now();
  let finished = false;
  let error: string | undefined;
  try {
    await action();
    finished = await untilSettled(subject, ns, o, old);
  } catch (e) {
    error = (e as Error).message.split('\n').slice(0, 3).join(' ');
  }
  const seconds = (performance.now() - start) / 1000;
  log(
    `  ${subject.name}: ${o.phase} ${finished ? 'settled' : 'did not settle'} after ${seconds.toFixed(1)} s`,
  );
  if (!writer || !leaders)
    return { phase: o.phase, members: o.members, finished, seconds, leaders: [], error };
  await sleep(3000);
  const seen = await leaders.stop();
  const report = await writer.stop();
  let lost = Number.NaN;
  try {
    lost = (await missingWrites(podServers(subject, ns), path, report.acknowledged)).length;
  } catch (e) {
    error ??= `reading the writes back: ${(e as Error).message}`;
  }
  return {
    phase: o.phase,
    members: o.members,
    finished,
    seconds,
    leaders: seen,
    writer: {
      acknowledged: report.acknowledged.length,
      failed: report.failed,
      expired: report.expired,
      longestGapMs: report.longestGapMs,
      lost,
    },
    error,
  };
}
