/**
 * How long each member took to rejoin after its restart, read from its own log (`kubectl logs`):
 * ZooKeeper's own "LEADER ELECTION TOOK" figure, and the time to the line where it follows or leads
 * from the log's first line (the JVM is up and logging) and from the JVM's start (Jetty's first
 * "Started @N ms" gives the JVM's age at that line).
 */
import { kubectl } from '../../test/cluster/cluster.ts';

export interface Rejoin {
  readonly pod: string;
  readonly electionMs: number;
  readonly upToServingMs: number;
  readonly jvmStartToServingMs?: number;
}

const TIMESTAMP = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{2}:\d{2}|\d{4}-\d{2}-\d{2}T[\d:.]+Z)\s/;
const ELECTED = /(?:FOLLOWING|LEADING) - LEADER ELECTION TOOK - (\d+) MS/;
const JVM_AGE = /org\.eclipse\.jetty\.server\.Server - Started @(\d+)ms/;

/** The first election of the log's process; undefined when the log has none yet. */
export function rejoinOf(pod: string, logText: string): Rejoin | undefined {
  const lines = logText.split('\n');
  const first = lines.map((l) => TIMESTAMP.exec(l)?.[1]).find((t) => t !== undefined);
  const aged = lines.find((l) => JVM_AGE.test(l));
  const agedAt = aged && TIMESTAMP.exec(aged)?.[1];
  const jvmStart = agedAt ? Date.parse(agedAt) - Number(JVM_AGE.exec(aged)?.[1]) : undefined;
  for (const line of lines) {
    const elected = ELECTED.exec(line);
    const at = TIMESTAMP.exec(line)?.[1];
    if (!elected || !at || !first) continue;
    return {
      pod,
      electionMs: Number(elected[1]),
      upToServingMs: Date.parse(at) - Date.parse(first),
      ...(jvmStart === undefined ? {} : { jvmStartToServingMs: Date.parse(at) - jvmStart }),
    };
  }
  return undefined;
}

export function memberRejoins(namespace: string, pods: readonly string[]): Rejoin[] {
  return pods.flatMap((pod) => {
    const logs = kubectl(['-n', namespace, 'logs', pod, '-c', 'zookeeper']);
    const rejoin = logs.code === 0 ? rejoinOf(pod, logs.stdout) : undefined;
    return rejoin ? [rejoin] : [];
  });
}
