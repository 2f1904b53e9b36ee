/** A local ensemble's status as `zkop status` shows it, summarised from member observations. */

import type { QuorumSaslStage } from '../../../config/auth-stage.ts';
import type { QuorumTlsStage } from '../../../config/quorum-tls-stage.ts';
import type { CertificateDates } from '../../../pki/index.ts';
import type { MemberView } from '../lifecycle/member-view.ts';
import type { MemberKind, MemberPorts } from '../state/state.ts';
import type { OperationView } from './operation-status.ts';

export type DisplayRole = 'leader' | 'follower' | 'observer' | 'standalone' | 'read-only' | 'down';

export interface MemberStatus {
  readonly id: number;
  readonly kind: MemberKind;
  readonly role: DisplayRole;
  /** running: the process is alive; serving: it also answers as part of a quorum. */
  readonly state: 'serving' | 'running' | 'stopped';
  readonly zxid: string | null;
  readonly configVersion: string | null;
  /** The ZooKeeper version it answers with, while it serves. */
  readonly version: string | null;
  readonly host: string;
  readonly ports: MemberPorts;
  readonly pid: number | null;
  readonly uptimeSeconds: number | null;
  readonly problem: string | null;
  /** Its TLS client port, when it serves client TLS. */
  readonly secureClientPort: number | null;
  readonly quorumTls: QuorumTlsStage;
  /** The quorum SASL stage it was last started with (`off` without quorum SASL). */
  readonly quorumSasl: QuorumSaslStage;
  /** Where its Prometheus metrics are served; null when it serves none (metrics off, or 3.7). */
  readonly metricsUrl: string | null;
}

/** TLS as the spec asks for it, the files a client connects with, and where members serve it. */
export interface TlsSettings {
  readonly client: boolean;
  readonly clientAuth: 'need' | 'want' | 'none';
  readonly quorum: boolean;
  /** The ensemble's CA certificate: what clients trust. */
  readonly caFile: string;
  /** A client certificate and key signed by that CA (zkop connects with them too). */
  readonly clientCertFile: string;
  readonly clientKeyFile: string;
  /** The same key and certificate in one PEM file, for Java clients such as zkCli. */
  readonly clientKeyStoreFile: string;
  /** The CA's, the client's and each member's certificate, with when it expires and is renewed. */
  readonly certificates: readonly EnsembleCertificate[];
}

/** One certificate of the ensemble, in `file`: `zkop up` renews it once `renewsAt` has passed (not the CA). */
export interface EnsembleCertificate extends CertificateDates {
  /** ca, client, or member N. */
  readonly certificate: string;
  readonly file: string;
}

export interface TlsStatus extends TlsSettings {
  /** `host:port,...` of the secure client ports of the members that serve client TLS. */
  readonly connectString: string;
}

/** The ensemble config ZooKeeper committed: its version and its `server.N=...` lines. */
export interface CommittedConfigView {
  readonly version: string;
  readonly servers: readonly string[];
}

/** A ZooKeeperTenant zkop carries out on the ensemble, and the file that says how to connect as it. */
export interface TenantStatus {
  readonly name: string;
  readonly path: string;
  readonly user: string;
  readonly quota: { readonly nodes?: number; readonly bytes?: number } | null;
  readonly deletionPolicy: 'Retain' | 'Delete';
  /** connection.json (0600): connect string with the chroot, user, password, JAAS file, Java flags. */
  readonly connectionFile: string;
}

export interface EnsembleStatus {
  readonly name: string;
  readonly version: string;
  readonly stateDir: string;
  readonly leader: number | null;
  readonly members: readonly MemberStatus[];
  readonly serving: number;
  readonly participants: number;
  /** Participants needed for a quorum. */
  readonly quorum: number;
  readonly servingParticipants: number;
  /** Every member serves and there is exactly one leader. */
  readonly healthy: boolean;
  /** `host:port,...` of every member's client port. */
  readonly connectString: string;
  /** Null while the ensemble uses no TLS. */
  readonly tls: TlsStatus | null;
  /** Null while no member can tell (no quorum, or none running). */
  readonly committedConfig: CommittedConfigView | null;
  /** The tenants carried out (`zkop up` with ZooKeeperTenant documents); absent where none are. */
  readonly tenants?: readonly TenantStatus[];
  /** The lifecycle operation in progress (scale, restart, ...), if any. */
  readonly operation?: OperationView;
}

export function memberStatus(observation: MemberView, now: Date): MemberStatus {
  const { member, process, running, mode } = observation;
  return {
    id: member.id,
    kind: member.kind,
    role: mode ?? 'down',
    state: mode !== undefined ? 'serving' : running ? 'running' : 'stopped',
    zxid: observation.zxid ?? null,
    configVersion: observation.configVersion ?? null,
    version: observation.version ?? null,
    host: member.host,
    ports: member.ports,
    pid: running && process ? process.pid : null,
    uptimeSeconds:
      running && process
        ? Math.max(0, Math.floor((now.getTime() - Date.parse(process.startedAt)) / 1000))
        : null,
    problem: observation.problem ?? null,
    secureClientPort: observation.secureClientPort ?? null,
    quorumTls: observation.quorumTls,
    quorumSasl: observation.quorumSasl,
    metricsUrl:
      observation.metricsPort === undefined
        ? null
        : `http://${member.host}:${observation.metricsPort}/metrics`,
  };
}

export function ensembleStatus(
  ensemble: { name: string; version: string; stateDir: string; committedConfig?: CommittedConfigView | null },
  observations: readonly MemberView[],
  now: Date,
  tls: TlsSettings | null = null,
): EnsembleStatus {
  const members = observations.map((o) => memberStatus(o, now));
  const leaders = members.filter((m) => m.role === 'leader');
  const participants = members.filter((m) => m.kind === 'participant');
  const servingParticipants = participants.filter((m) => m.state === 'serving').length;
  const serving = members.filter((m) => m.state === 'serving').length;
  return {
    ...ensemble,
    committedConfig: ensemble.committedConfig ?? null,
    leader: leaders.length === 1 && leaders[0] ? leaders[0].id : null,
    members,
    serving,
    participants: participants.length,
    quorum: Math.floor(participants.length / 2) + 1,
    servingParticipants,
    healthy: leaders.length === 1 && serving === members.length,
    connectString: members.map((m) => `${m.host}:${m.ports.client}`).join(','),
    tls: tls && {
      ...tls,
      connectString: members
        .flatMap((m) => (m.secureClientPort === null ? [] : [`${m.host}:${m.secureClientPort}`]))
        .join(','),
    },
  };
}
