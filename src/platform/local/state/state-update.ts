/** Small, atomic changes to state.json made while executing steps. */

import type { LifecycleRecord, MemberStart } from './lifecycle-record.ts';
import type { RestoreRecord } from './restore-record.ts';
import type { LocalState, MemberRecord, ProcessRecord } from './state.ts';
import { writeState } from './state.ts';

export function saveState(
  stateDir: string,
  state: LocalState,
  lifecycle?: Partial<LifecycleRecord>,
): LocalState {
  const base = state.lifecycle;
  if (base === undefined) throw new Error(`${state.name}: the lifecycle record is missing`);
  const next: LocalState = {
    ...state,
    lifecycle: { ...base, ...lifecycle },
    updatedAt: new Date().toISOString(),
  };
  writeState(stateDir, next);
  return next;
}

export function withMember(state: LocalState, record: MemberRecord): LocalState {
  const members = [...state.members.filter((m) => m.id !== record.id), record].sort((a, b) => a.id - b.id);
  return { ...state, members };
}

export function withoutMember(state: LocalState, id: number): LocalState {
  return { ...state, members: state.members.filter((m) => m.id !== id) };
}

export function withProcess(state: LocalState, id: number, process: ProcessRecord | undefined): LocalState {
  const processes = { ...state.processes };
  if (process) processes[String(id)] = process;
  else delete processes[String(id)];
  return { ...state, processes };
}

export function withStart(
  state: LocalState,
  id: number,
  start: MemberStart | undefined,
): Partial<LifecycleRecord> {
  const members = { ...(state.lifecycle?.members ?? {}) };
  if (start) members[String(id)] = start;
  else delete members[String(id)];
  return { members };
}

/** Records the restore in progress, or its end (`undefined`). */
export function saveRestore(
  stateDir: string,
  state: LocalState,
  restore: RestoreRecord | undefined,
): LocalState {
  const { restore: _ended, ...rest } = state;
  const next: LocalState = { ...rest, ...(restore ? { restore } : {}), updatedAt: new Date().toISOString() };
  writeState(stateDir, next);
  return next;
}
