/**
 * Stopping and starting every member of a local ensemble at once, for a restore: followers and
 * observers stop first and the leader last; members start from the recorded ensemble config, with
 * extra JVM flags when given; waiting is by `srvr` (which works while clients are kept out).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { ResolvedSpec } from '../../../api/defaults.ts';
import { leaderLast } from '../../../engine/index.ts';
import { fourLetter } from '../../../zk/four-letter.ts';
import { parseSrvr } from '../../../zk/four-letter-parse.ts';
import { desiredFromSpec } from '../../shared/desired.ts';
import { failed } from '../../shared/errors.ts';
import type { LifecycleContext } from '../lifecycle/context.ts';
import type { DistributionSource } from '../lifecycle/distributions.ts';
import { startConfigHash } from '../lifecycle/start-config-hash.ts';
import { startMemberWith } from '../lifecycle/start-member.ts';
import { memberLogTail } from '../process/member-process.ts';
import { stopProcess } from '../process/process.ts';
import { waitUntilNoThreads } from '../process/stray-processes.ts';
import { fromRecordedConfig } from '../state/lifecycle-record.ts';
import type { LocalState, MemberRecord } from '../state/state.ts';
import { memberPaths } from '../state/state-layout.ts';
import { saveState, withProcess } from '../state/state-update.ts';

type Mode = 'leader' | 'follower' | 'observer' | undefined;

async function modeOf(member: MemberRecord): Promise<Mode> {
  try {
    const report = parseSrvr(await fourLetter(member.host, member.ports.client, 'srvr', { timeoutMs: 1000 }));
    return report.serving ? (report.mode as Mode) : undefined;
  } catch {
    return undefined;
  }
}

export async function stopAll(stateDir: string, state: LocalState, graceMs: number): Promise<LocalState> {
  const modes = await Promise.all(state.members.map(modeOf));
  const leader = state.members.find((_, i) => modes[i] === 'leader')?.id;
  const order = leaderLast(
    state.members.map((m) => ({ id: m.id, role: m.kind })),
    leader,
  );
  let next = state;
  for (const { id } of order) {
    const process = next.processes[String(id)];
    if (!process) continue;
    await stopProcess(process.pid, { startTime: process.startTime, graceMs });
    await waitUntilNoThreads(process.pid, process.startTime);
    next = saveState(stateDir, withProcess(next, id, undefined));
  }
  return next;
}

export async function startAll(
  stateDir: string,
  state: LocalState,
  spec: ResolvedSpec,
  distributions: DistributionSource,
  extraFlags: readonly string[],
  progress: (message: string) => void,
): Promise<LocalState> {
  const recorded = state.lifecycle?.config;
  if (recorded === undefined) throw failed(`${state.name}: state.json records no ensemble config`);
  const distribution = await distributions(spec.version);
  const desired = desiredFromSpec(spec, {
    restartToken: state.lifecycle?.restartToken ?? '',
    configHash: startConfigHash(spec, distribution, state),
    leaderHandoff: true,
  });
  // The extra flags change how the JVM starts, not what is recorded about the start.
  const started = { ...spec, jvm: { ...spec.jvm, flags: [...spec.jvm.flags, ...extraFlags] } };
  const context: LifecycleContext = {
    stateDir,
    name: state.name,
    spec: started,
    desired,
    distribution,
    progress,
  };
  let next = state;
  for (const member of state.members) {
    // A restore restarts each member at the quorum TLS and SASL stages it ran at.
    const start = state.lifecycle?.members[String(member.id)];
    const stages = {
      quorumTls: start?.quorumTls ?? 'plaintext',
      quorumSasl: start?.quorumSasl ?? 'off',
    } as const;
    next = await startMemberWith(context, next, member.id, fromRecordedConfig(recorded), stages);
  }
  return next;
}

/** Resolves once every member serves with one leader; fails with the logs of those that do not. */
export async function waitServing(stateDir: string, state: LocalState, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const modes = await Promise.all(state.members.map(modeOf));
    if (modes.every((m) => m !== undefined) && modes.filter((m) => m === 'leader').length === 1) return;
    if (Date.now() > deadline) {
      const silent = state.members.filter((_, i) => modes[i] === undefined);
      throw failed(
        `${state.name}: member(s) ${silent.map((m) => m.id).join(', ')} did not serve within ${timeoutMs / 1000} s`,
        silent.map((m) => memberLogTail(memberPaths(stateDir, state.name, m.id), 10)).join('\n'),
      );
    }
    await sleep(200);
  }
}

/** The leader, found by `srvr`; undefined when none serves as leader. */
export async function findLeader(state: LocalState): Promise<MemberRecord | undefined> {
  const modes = await Promise.all(state.members.map(modeOf));
  return state.members.find((_, i) => modes[i] === 'leader');
}
