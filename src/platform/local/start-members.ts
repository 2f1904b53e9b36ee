/**
 * Starting a set of members and waiting until the ensemble serves, recording each process in
 * state.json as soon as it exists. On failure, the processes started here are stopped again.
 */
import { failed, PlatformError } from '../shared/errors.ts';
import { memberLogTail, startMember } from './process/member-process.ts';
import { stopProcess } from './process/process.ts';
import {
  type LocalState,
  type MemberRecord,
  type ProcessRecord,
  withProcesses,
  writeState,
} from './state/state.ts';
import { memberPaths } from './state/state-layout.ts';
import type { UpContext } from './up-context.ts';
import { waitUntilServing } from './wait-serving.ts';

export async function startMembersAndWait(
  context: UpContext,
  state: LocalState,
  toStart: readonly { readonly member: MemberRecord; readonly jvmFlags: readonly string[] }[],
): Promise<LocalState> {
  const { stateDir, name, distribution, progress } = context;
  const processes: Record<string, ProcessRecord> = { ...state.processes };
  const startedHere: ProcessRecord[] = [];
  let current = state;
  try {
    for (const { member, jvmFlags } of toStart) {
      progress(`starting member ${member.id} (${member.kind}, client port ${member.ports.client})`);
      const record = await startMember(
        memberPaths(stateDir, name, member.id),
        jvmFlags,
        distribution.classpath,
      );
      startedHere.push(record);
      processes[String(member.id)] = record;
      current = withProcesses(current, processes, new Date());
      writeState(stateDir, current);
    }
    progress('waiting for a leader and every member to serve');
    await waitUntilServing(current.members, processes, {
      timeoutMs: context.timeoutMs,
      logTail: (id) => memberLogTail(memberPaths(stateDir, name, id)),
      onProgress: (message) => progress(`  ${message}`),
    });
    return current;
  } catch (error) {
    if (startedHere.length > 0) progress(`stopping the ${startedHere.length} member(s) started by this call`);
    for (const record of startedHere)
      await stopProcess(record.pid, { startTime: record.startTime, graceMs: 5_000 });
    writeState(stateDir, withProcesses(current, state.processes, new Date()));
    if (error instanceof PlatformError) throw error;
    throw failed(`starting ${name} failed: ${(error as Error).message}`);
  }
}
