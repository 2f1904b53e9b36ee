/**
 * An ensemble as ZooKeeper reports it, merged from each member's `srvr`/`mntr`/`conf` answers and the
 * committed config. Pure: the I/O that gathers the answers is in inspect.ts. This is what the
 * lifecycle engine observes; fields are typed values, never ZooKeeper's text.
 */

import type { DynamicConfig, DynamicConfigServer, ServerRole } from './ensemble-config.ts';
import type { ConfReport, MntrReport, SrvrReport } from './four-letter-parse.ts';
import { epochOf } from './zxid.ts';

export type MemberMode =
  | 'leader'
  | 'follower'
  | 'observer'
  | 'standalone'
  | 'read-only'
  /** Answers, but has no quorum (looking for a leader) or is still starting. */
  | 'not-serving'
  | 'unreachable';

export type ProblemKind =
  | 'connect'
  | 'timeout'
  | 'reset'
  | 'not-allowed'
  | 'too-large'
  | 'unreadable'
  | 'auth'
  | 'tls';

export interface Problem {
  readonly kind: ProblemKind;
  readonly message: string;
}

export interface ServerReport {
  readonly id: number;
  readonly reachable: boolean;
  readonly serving: boolean;
  readonly mode: MemberMode;
  readonly zxid: bigint | undefined;
  /** The leader epoch of the last transaction the member has seen (zxid >> 32). */
  readonly epoch: number | undefined;
  /** Version of the ensemble config this member runs with. */
  readonly configVersion: bigint | undefined;
  /** The ensemble config this member runs with (its `conf` answer), which may lag the committed one. */
  readonly config?: DynamicConfig | undefined;
  /** e.g. `3.9.4`. */
  readonly version: string | undefined;
  readonly clientConnections: number | undefined;
  /**
   * In sync with the leader: the member serves and reports the broadcast phase (it finished
   * synchronizing; `zk_peer_state`, 3.6+). The leader and a standalone server count as synced.
   * undefined when unknown (the member's mntr is not available).
   */
  readonly synced: boolean | undefined;
  /** The member's role in the committed config; 'absent' when the committed config does not list it. */
  readonly committedRole: ServerRole | 'absent' | undefined;
  readonly problems: readonly Problem[];
}

/** The leader's own counters of learners in sync with it (mntr on the leader). */
export interface LeaderSync {
  readonly syncedFollowers: number;
  readonly syncedNonVotingFollowers: number;
  readonly syncedObservers: number;
  readonly quorumSize: number | undefined;
}

export interface CommittedConfig {
  readonly version: bigint;
  readonly members: readonly DynamicConfigServer[];
  /** `zookeeper-config`: read from /zookeeper/config; `leader-conf`: the leader's `conf` answer. */
  readonly source: 'zookeeper-config' | 'leader-conf';
}

export interface EnsembleObservation {
  readonly members: readonly ServerReport[];
  readonly leaderId: number | undefined;
  readonly leaderSync: LeaderSync | undefined;
  readonly committedConfig: CommittedConfig | undefined;
  readonly problems: readonly Problem[];
}

export type Answer<T> = { readonly ok: T } | { readonly problem: Problem };

export interface MemberAnswers {
  readonly id: number;
  readonly srvr: Answer<SrvrReport>;
  readonly mntr: Answer<MntrReport> | undefined;
  readonly conf: Answer<ConfReport> | undefined;
}

function ok<T>(a: Answer<T> | undefined): T | undefined {
  return a && 'ok' in a ? a.ok : undefined;
}

function problemOf<T>(a: Answer<T> | undefined): Problem[] {
  return a && 'problem' in a ? [a.problem] : [];
}

function isBroadcast(peerState: string | undefined): boolean | undefined {
  if (peerState === undefined) return undefined;
  return /- broadcast$/.test(peerState.trim());
}

export function mergeObservation(
  answers: readonly MemberAnswers[],
  committed: Answer<Omit<CommittedConfig, 'source'>> | undefined,
): EnsembleObservation {
  const srvrOf = (a: MemberAnswers) => {
    const s = ok(a.srvr);
    return s?.serving ? s : undefined;
  };
  const leaders = answers.filter((a) => srvrOf(a)?.mode === 'leader');
  const leader = leaders.length === 1 ? leaders[0] : undefined;
  const leaderMntr = leader ? ok(leader.mntr) : undefined;
  const leaderSync: LeaderSync | undefined =
    leaderMntr?.serving && leaderMntr.leader
      ? {
          syncedFollowers: leaderMntr.leader.syncedFollowers,
          syncedNonVotingFollowers: leaderMntr.leader.syncedNonVotingFollowers,
          syncedObservers: leaderMntr.leader.syncedObservers,
          quorumSize: leaderMntr.quorumSize,
        }
      : undefined;

  const problems: Problem[] = [];
  if (leaders.length > 1) {
    problems.push({
      kind: 'unreadable',
      message: `members ${leaders.map((l) => l.id).join(', ')} all report being leader`,
    });
  }

  let committedConfig: CommittedConfig | undefined;
  const committedOk = ok(committed);
  if (committedOk) {
    committedConfig = { ...committedOk, source: 'zookeeper-config' };
  } else {
    problems.push(...problemOf(committed));
    const leaderConf = leader ? ok(leader.conf) : undefined;
    const membership = leaderConf?.serving ? leaderConf.membership : undefined;
    if (membership?.version !== undefined) {
      committedConfig = { version: membership.version, members: membership.members, source: 'leader-conf' };
    }
  }

  const members = answers.map((a): ServerReport => {
    const srvrAnswer = ok(a.srvr);
    const srvr = srvrOf(a);
    const mntr = ok(a.mntr);
    const conf = ok(a.conf);
    const reachable = srvrAnswer !== undefined;
    const mode: MemberMode = srvr ? srvr.mode : reachable ? 'not-serving' : 'unreachable';
    const inConfig = committedConfig?.members.find((m) => m.id === a.id);
    const broadcast = mntr?.serving ? isBroadcast(mntr.peerState) : undefined;
    let synced: boolean | undefined;
    if (!srvr || srvr.mode === 'read-only') synced = false;
    else if (srvr.mode === 'leader' || srvr.mode === 'standalone') synced = true;
    else synced = broadcast;
    return {
      id: a.id,
      reachable,
      serving: srvr !== undefined,
      mode,
      zxid: srvr?.zxid,
      epoch: srvr ? epochOf(srvr.zxid) : undefined,
      configVersion: conf?.serving ? conf.membership?.version : undefined,
      config: conf?.serving ? conf.membership : undefined,
      version: srvr?.version ?? (mntr?.serving ? mntr.version : undefined),
      clientConnections: srvr?.connections,
      synced,
      committedRole: committedConfig ? (inConfig?.role ?? 'absent') : undefined,
      problems: [...problemOf(a.srvr), ...problemOf(a.mntr), ...problemOf(a.conf)],
    };
  });

  return { members, leaderId: leader?.id, leaderSync, committedConfig, problems };
}

/**
 * The members to read the committed config from: the leader, else the followers. Never an observer:
 * a joiner not yet in the config can serve its own file's config (which lists the joiner) as
 * /zookeeper/config until it is added.
 */
export function committedConfigSources<T extends { readonly id: number }>(
  members: readonly T[],
  answers: readonly MemberAnswers[],
): T[] {
  const inMode = (mode: string) =>
    members.filter((m) => {
      const srvr = answers.find((a) => a.id === m.id)?.srvr;
      return srvr !== undefined && 'ok' in srvr && srvr.ok.serving && srvr.ok.mode === mode;
    });
  const leader = inMode('leader');
  return leader.length > 0 ? leader : inMode('follower');
}
