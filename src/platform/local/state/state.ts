/** The record of one local ensemble (`state.json`): what was applied, where members listen, what runs. */
import { existsSync, readFileSync } from 'node:fs';
import type { ZooKeeperSpec } from '../../../api/spec.ts';
import type { SaslUser } from '../../../config/jaas.ts';
import { failed } from '../../shared/errors.ts';
import type { TenantPlan } from '../tenants/tenant-plan.ts';
import { writeFileAtomic } from './atomic-file.ts';
import type { LifecycleRecord } from './lifecycle-record.ts';
import type { RestoreRecord } from './restore-record.ts';
import { stateFile } from './state-layout.ts';

export const STATE_SCHEMA_VERSION = 1;

export type MemberKind = 'participant' | 'observer';

export interface MemberPorts {
  readonly client: number;
  readonly quorum: number;
  readonly election: number;
  readonly admin: number;
  readonly metrics: number;
  /** The TLS client port; absent in members recorded before zkop ran TLS (given one when first needed). */
  readonly secureClient?: number;
}

export interface MemberRecord {
  /** myid; 1..replicas are participants, then observers. */
  readonly id: number;
  readonly kind: MemberKind;
  readonly host: string;
  readonly ports: MemberPorts;
}

/** A process zkop started; pid and start time together identify it (pids get reused). */
export interface ProcessRecord {
  readonly pid: number;
  readonly startTime: number;
  /** ISO time the process was started. */
  readonly startedAt: string;
}

export interface LocalState {
  readonly schemaVersion: number;
  readonly name: string;
  /** The spec as the user wrote it, last applied. */
  readonly spec: ZooKeeperSpec;
  readonly version: string;
  readonly members: readonly MemberRecord[];
  /** By member id; absent = never started or stopped by zkop. */
  readonly processes: Readonly<Record<string, ProcessRecord>>;
  readonly superPassword: string;
  /** The members' quorum SASL password (JAAS `QuorumServer`/`QuorumLearner`); absent in a state.json an older zkop wrote. */
  readonly quorumPassword?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** What the lifecycle loop keeps; absent only in a state.json an older zkop wrote (legacy-state.ts). */
  readonly lifecycle?: LifecycleRecord;
  /** A native restore in progress (restore-record.ts). */
  readonly restore?: RestoreRecord;
  /** The ZooKeeperTenants carried out, with their passwords (tenant-plan.ts); absent = none. */
  readonly tenants?: TenantPlan;
}

/** The SASL users of the ensemble's tenants: with zkop's super user, the JAAS file's `Server` section. */
export const tenantUsers = (state: Pick<LocalState, 'tenants'>): SaslUser[] =>
  Object.values(state.tenants?.tenants ?? {}).map((t) => ({ name: t.user, password: t.password }));

export function readState(stateDir: string, name: string): LocalState | undefined {
  const file = stateFile(stateDir, name);
  if (!existsSync(file)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw failed(
      `${file} is not valid JSON (${(error as Error).message}); remove the ensemble with 'zkop down ${name} --purge'`,
    );
  }
  const state = parsed as LocalState;
  if (state?.schemaVersion !== STATE_SCHEMA_VERSION) {
    throw failed(
      `${file} has state format ${String(state?.schemaVersion)}; this zkop reads format ${STATE_SCHEMA_VERSION}`,
    );
  }
  return state;
}

/** Written atomically and readable only by the owner: it holds the super user password. */
export function writeState(stateDir: string, state: LocalState): void {
  writeFileAtomic(stateFile(stateDir, state.name), `${JSON.stringify(state, null, 2)}\n`, 0o600);
}

export function withProcesses(
  state: LocalState,
  processes: Readonly<Record<string, ProcessRecord>>,
  now: Date,
): LocalState {
  return { ...state, processes, updatedAt: now.toISOString() };
}
