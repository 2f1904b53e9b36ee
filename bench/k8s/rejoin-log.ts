/**
 * How a restarted member rejoined, read from its own log (`kubectl logs`): when its JVM started
 * (Jetty's first "@N ms" gives the JVM's age at that line), its first log line, when it began to
 * look for the leader, when it found it (following, observing or leading: a leader restarted last
 * comes back as an observer after handing leadership off), and when it was in sync and serving
 * ("broadcast"). ZooKeeper's own "LEADER ELECTION TOOK" figure is kept where it logs one (an
 * observer does not).
 *
 * Only the log's first election counts: a member promoted later (observer to participant) logs
 * "FOLLOWING - LEADER ELECTION TOOK" then, with the time it spent observing as its "election".
 */
import { kubectl } from '../../test/cluster/cluster.ts';

export type RejoinedAs = 'following' | 'observing' | 'leading';

export interface Rejoin {
  readonly pod: string;
  readonly as: RejoinedAs;
  /** ZooKeeper's figure, from the start of the election to finding the leader; an observer's from its log. */
  readonly electionMs: number;
  /** From the log's first line (the JVM is up and logging) to finding the leader. */
  readonly upToServingMs: number;
  /** From the JVM's start to finding the leader; undefined when the log does not date the JVM. */
  readonly jvmStartToServingMs?: number;
  /** When it found the leader, in ms since the epoch. */
  readonly foundAt: number;
  /** Milliseconds between the steps, in order; a step the log lacks is left out. */
  readonly phases: Readonly<Partial<Record<Phase, number>>>;
  /** When each step happened, in ms since the epoch; a step the log lacks is left out. */
  readonly times: Readonly<Partial<Record<Step, number>>>;
}

export type Step = 'jvm started' | 'first log line' | 'looking' | 'found leader' | 'in sync';

/** JVM start -> first line -> looking -> found the leader -> in sync. */
export type Phase = 'jvm to first line' | 'first line to looking' | 'looking to found' | 'found to in sync';

const TIMESTAMP = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{2}:\d{2}|\d{4}-\d{2}-\d{2}T[\d:.]+Z)\s/;
const FOUND = /QuorumPeer - (FOLLOWING|OBSERVING|LEADING)$/;
const ELECTION_TOOK = /(?:FOLLOWING|LEADING) - LEADER ELECTION TOOK - (\d+) MS/;
const LOOKING = /QuorumPeer - LOOKING$/;
const IN_SYNC = /Peer state changed: \w+ - broadcast/;
const JVM_AGE = /org\.eclipse\.jetty\.(?:server\.Server - Started|util\.log - Logging initialized) @(\d+)ms/;

const timeOf = (line: string | undefined): number | undefined => {
  const at = line === undefined ? undefined : TIMESTAMP.exec(line)?.[1];
  return at === undefined ? undefined : Date.parse(at);
};

/** The first rejoin of the log's process; undefined when the log has none yet. */
export function rejoinOf(pod: string, logText: string): Rejoin | undefined {
  const lines = logText.split('\n');
  const foundAt = lines.findIndex((l) => FOUND.test(l) && timeOf(l) !== undefined);
  if (foundAt < 0) return undefined;
  const as = (FOUND.exec(lines[foundAt] ?? '')?.[1] ?? 'FOLLOWING').toLowerCase() as RejoinedAs;
  const first = timeOf(lines.find((l) => timeOf(l) !== undefined));
  const aged = lines.find((l) => JVM_AGE.test(l));
  const jvmStart = aged === undefined ? undefined : (timeOf(aged) ?? 0) - Number(JVM_AGE.exec(aged)?.[1]);
  const looking = timeOf(lines.slice(0, foundAt).findLast((l) => LOOKING.test(l)));
  const found = timeOf(lines[foundAt]) ?? 0;
  const after = lines.slice(foundAt);
  const inSyncAt = after.findIndex((l) => IN_SYNC.test(l));
  const inSync = timeOf(after[inSyncAt]);
  const took = after.slice(0, inSyncAt < 0 ? undefined : inSyncAt).find((l) => ELECTION_TOOK.test(l));
  const steps: [Phase, number | undefined, number | undefined][] = [
    ['jvm to first line', jvmStart, first],
    ['first line to looking', first, looking],
    ['looking to found', looking, found],
    ['found to in sync', found, inSync],
  ];
  const phases: Partial<Record<Phase, number>> = {};
  for (const [phase, from, to] of steps)
    if (from !== undefined && to !== undefined) phases[phase] = to - from;
  const times: Partial<Record<Step, number>> = {};
  for (const [step, at] of [
    ['jvm started', jvmStart],
    ['first log line', first],
    ['looking', looking],
    ['found leader', found],
    ['in sync', inSync],
  ] as const)
    if (at !== undefined) times[step] = at;
  return {
    pod,
    as,
    times,
    electionMs: took ? Number(ELECTION_TOOK.exec(took)?.[1]) : (phases['looking to found'] ?? 0),
    upToServingMs: found - (first ?? found),
    foundAt: found,
    ...(jvmStart === undefined ? {} : { jvmStartToServingMs: found - jvmStart }),
    phases,
  };
}

export function memberRejoins(namespace: string, pods: readonly string[]): Rejoin[] {
  return pods.flatMap((pod) => {
    const logs = kubectl(['-n', namespace, 'logs', pod, '-c', 'zookeeper']);
    const rejoin = logs.code === 0 ? rejoinOf(pod, logs.stdout) : undefined;
    return rejoin ? [rejoin] : [];
  });
}
