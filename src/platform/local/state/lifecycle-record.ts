/**
 * What the lifecycle loop keeps in state.json (`LocalState.lifecycle`) so that a killed zkop resumes:
 * how each member was last started, the last ensemble config read or written, the restart token and
 * the operation in progress. Everything else it needs is observed again on every pass.
 */
import type { QuorumSaslStage } from '../../../config/auth-stage.ts';
import type { QuorumTlsStage } from '../../../config/quorum-tls-stage.ts';
import type { EnsembleConfig, MemberId, OperationType, Role } from '../../../engine/index.ts';

/** How a member was last started: compared with the desired ones to decide a roll. */
export interface MemberStart {
  readonly version: string;
  readonly configHash: string;
  readonly restartToken: string;
  /** Its data directory held ZooKeeper data when last observed; it is then wiped if the data is gone. */
  readonly hadData: boolean;
  /** Its quorum TLS stage; absent in records from before zkop ran TLS (plaintext). */
  readonly quorumTls?: QuorumTlsStage;
  /** Its quorum SASL stage; absent in records from before zkop ran quorum SASL (off). */
  readonly quorumSasl?: QuorumSaslStage;
  /** It serves clients with TLS on its secure client port. */
  readonly clientTls?: boolean;
  /** The certificate it started with, when it uses TLS. */
  readonly certificate?: StartedCertificate;
}

/** A certificate as a member started with it: parts of ZooKeeper read it only then. */
export interface StartedCertificate {
  readonly serial: string;
  /** ISO times. */
  readonly notBefore: string;
  readonly notAfter: string;
}

/** An ensemble config as JSON: the version in hex, as ZooKeeper prints it. */
export interface RecordedConfig {
  readonly version: string;
  readonly members: readonly { readonly id: MemberId; readonly role: Role }[];
}

export interface RecordedOperation {
  readonly type: OperationType;
  readonly step: string;
  readonly waitingFor: string;
  /** The zkop process driving it; the operation is interrupted when that process is gone. */
  readonly pid: number;
  readonly updatedAt: string;
}

export interface LifecycleRecord {
  /** Changed by `zkop restart`; every member started with another one is restarted. */
  readonly restartToken: string;
  /** The restart token of the last run that reached Done: differs while a restart is not finished. */
  readonly settledToken?: string;
  /** The last ensemble config read or written; absent until a new ensemble's first member starts. */
  readonly config?: RecordedConfig;
  /** By member id. */
  readonly members: Readonly<Record<string, MemberStart>>;
  readonly operation?: RecordedOperation;
}

export function toRecordedConfig(config: EnsembleConfig): RecordedConfig {
  return {
    version: config.version.toString(16),
    members: config.members.map(({ id, role }) => ({ id, role })).sort((a, b) => a.id - b.id),
  };
}

export function fromRecordedConfig(config: RecordedConfig): EnsembleConfig {
  return {
    version: BigInt(`0x${config.version}`),
    members: config.members.map(({ id, role }) => ({ id, role })),
  };
}

export function sameConfig(a: RecordedConfig | undefined, b: RecordedConfig | undefined): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The member was started with TLS anywhere: its AdminServer then serves HTTPS only. */
export const startedWithTls = (start: MemberStart | undefined): boolean =>
  start?.clientTls === true || (start?.quorumTls ?? 'plaintext') !== 'plaintext';
