/** One local member as `zkop status` and `zkop down` see it: its process and what ZooKeeper says of it. Pure. */
import type { QuorumSaslStage } from '../../../config/auth-stage.ts';
import type { QuorumTlsStage } from '../../../config/quorum-tls-stage.ts';
import type { ServingMode } from '../../../zk/four-letter-parse.ts';
import type { ServerReport } from '../../../zk/observation.ts';
import { formatZxid } from '../../../zk/zxid.ts';
import type { MemberStart } from '../state/lifecycle-record.ts';
import type { MemberRecord, ProcessRecord } from '../state/state.ts';

export interface MemberView {
  readonly member: MemberRecord;
  /** The process zkop started for this member is alive (not exited, not a zombie, not a reused pid). */
  readonly running: boolean;
  readonly process: ProcessRecord | undefined;
  /** The member answers `srvr` with a mode: it is part of a quorum and serves clients. */
  readonly mode: ServingMode | undefined;
  readonly zxid: string | undefined;
  readonly configVersion: string | undefined;
  /** The ZooKeeper version it answers with (e.g. `3.9.4`), while it serves. */
  readonly version: string | undefined;
  /** Why it does not serve, when it runs but does not. */
  readonly problem: string | undefined;
  /** Its TLS client port, when it was last started with client TLS. */
  readonly secureClientPort: number | undefined;
  /** The quorum TLS stage it was last started with. */
  readonly quorumTls: QuorumTlsStage;
  /** The quorum SASL stage it was last started with. */
  readonly quorumSasl: QuorumSaslStage;
  /** The port of its Prometheus metrics endpoint, when its version and the spec have one. */
  readonly metricsPort: number | undefined;
}

export function memberView(
  member: MemberRecord,
  process: ProcessRecord | undefined,
  running: boolean,
  answer: ServerReport | undefined,
  start: MemberStart | undefined,
  metrics: boolean,
): MemberView {
  const base = {
    member,
    running,
    process,
    mode: undefined,
    zxid: undefined,
    configVersion: undefined,
    version: undefined,
    secureClientPort: start?.clientTls ? member.ports.secureClient : undefined,
    quorumTls: start?.quorumTls ?? 'plaintext',
    quorumSasl: start?.quorumSasl ?? 'off',
    metricsPort: metrics ? member.ports.metrics : undefined,
  };
  if (!running) return { ...base, problem: undefined };
  if (answer?.serving !== true || answer.mode === 'not-serving' || answer.mode === 'unreachable') {
    const problem = answer?.reachable ? 'not serving (no quorum yet)' : answer?.problems[0]?.message;
    return { ...base, problem: problem ?? 'no answer' };
  }
  return {
    ...base,
    mode: answer.mode,
    zxid: answer.zxid === undefined ? undefined : formatZxid(answer.zxid),
    configVersion: answer.configVersion === undefined ? undefined : formatZxid(answer.configVersion),
    version: answer.version,
    problem: undefined,
  };
}
