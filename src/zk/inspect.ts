/**
 * inspect(): asks every member of an ensemble how it is (4lw srvr, mntr, conf; AdminServer `monitor`
 * when mntr is not whitelisted) and reads the committed config, then merges it all (observation.ts).
 * Never writes anything to the ensemble.
 */

import { AdminError, adminCommand } from './admin.ts';
import { AdminParseError, parseMonitor } from './admin-parse.ts';
import { ZkClient } from './client.ts';
import { ZkError } from './errors.ts';
import { FourLetterError, fourLetter } from './four-letter.ts';
import { FourLetterParseError, parseConf, parseMntr, parseSrvr } from './four-letter-parse.ts';
import {
  type Answer,
  type CommittedConfig,
  committedConfigSources,
  type EnsembleObservation,
  type MemberAnswers,
  mergeObservation,
  type Problem,
  type ProblemKind,
} from './observation.ts';
import type { SaslCredentials } from './sasl-digest.ts';
import type { TlsOptions } from './tls-options.ts';

export interface InspectTarget {
  readonly id: number;
  readonly host: string;
  readonly clientPort: number;
  readonly adminPort?: number;
  /** This member's `clientPort` speaks TLS with these (overrides `InspectOptions.tls`). */
  readonly tls?: TlsOptions;
  /** This member's AdminServer serves HTTPS trusting these (overrides `InspectOptions.adminTls`). */
  readonly adminTls?: TlsOptions;
}

export interface InspectOptions {
  /** Per question to one member. Default 2000. */
  readonly timeoutMs?: number;
  /** Read /zookeeper/config through a session (default true); otherwise only the leader's `conf`. */
  readonly readCommittedConfig?: boolean;
  /** Ask over TLS: every target's `clientPort` is then its secure client port. */
  readonly tls?: TlsOptions;
  /** The AdminServer serves HTTPS (`admin.forceHttps`) trusting this; default plain HTTP. */
  readonly adminTls?: TlsOptions;
  /** The members refuse sessions that do not authenticate with SASL: who reads the committed config. */
  readonly sasl?: SaslCredentials;
}

function toProblem(err: unknown): Problem {
  const message = (err as Error).message ?? String(err);
  if (err instanceof FourLetterError) return { kind: err.kind, message };
  if (err instanceof AdminError) {
    const kind: ProblemKind = err.kind === 'http' ? 'unreadable' : err.kind;
    return { kind, message };
  }
  if (err instanceof FourLetterParseError || err instanceof AdminParseError)
    return { kind: 'unreadable', message };
  if (err instanceof ZkError) {
    const kind: ProblemKind =
      err.code === 'OPERATIONTIMEOUT' ? 'timeout' : err.code === 'NOAUTH' ? 'auth' : 'connect';
    return { kind, message };
  }
  return { kind: 'unreadable', message };
}

async function answer<T>(question: () => Promise<T>): Promise<Answer<T>> {
  try {
    return { ok: await question() };
  } catch (err) {
    return { problem: toProblem(err) };
  }
}

async function askMember(
  target: InspectTarget,
  opts: InspectOptions,
  timeoutMs: number,
): Promise<MemberAnswers> {
  const clientTls = target.tls ?? opts.tls;
  const adminTls = target.adminTls ?? opts.adminTls;
  const tls = clientTls === undefined ? {} : { tls: clientTls };
  const ask = (cmd: 'srvr' | 'mntr' | 'conf') =>
    fourLetter(target.host, target.clientPort, cmd, { timeoutMs, ...tls });
  const srvr = await answer(async () => parseSrvr(await ask('srvr')));
  if (!('ok' in srvr)) return { id: target.id, srvr, mntr: undefined, conf: undefined };
  const [mntr4lw, conf] = await Promise.all([
    answer(async () => parseMntr(await ask('mntr'))),
    answer(async () => parseConf(await ask('conf'))),
  ]);
  let mntr = mntr4lw;
  if ('problem' in mntr4lw && mntr4lw.problem.kind === 'not-allowed' && target.adminPort !== undefined) {
    const port = target.adminPort;
    mntr = await answer(async () =>
      parseMonitor(
        await adminCommand(target.host, port, 'monitor', {
          timeoutMs,
          ...(adminTls === undefined ? {} : { tls: adminTls }),
        }),
      ),
    );
  }
  return { id: target.id, srvr, mntr, conf };
}

async function readCommitted(
  servers: readonly InspectTarget[],
  tls: TlsOptions | undefined,
  sasl: SaslCredentials | undefined,
  timeoutMs: number,
): Promise<Answer<Omit<CommittedConfig, 'source'>>> {
  return answer(async () => {
    const client = await ZkClient.connect({
      servers: servers.map((s) => ({ host: s.host, port: s.clientPort })),
      connectTimeoutMs: timeoutMs * 2,
      attemptTimeoutMs: timeoutMs,
      requestTimeoutMs: timeoutMs,
      sessionTimeoutMs: 10_000,
      ...(tls === undefined ? {} : { tls }),
      ...(sasl === undefined ? {} : { sasl }),
    });
    try {
      await client.sync('/zookeeper/config');
      const config = await client.getConfig();
      if (config.version === undefined) {
        throw ZkError.of(
          'MARSHALLINGERROR',
          'getConfig',
          '/zookeeper/config',
          'the config has no version line',
        );
      }
      return { version: config.version, members: config.members };
    } finally {
      await client.close();
    }
  });
}

export async function inspect(
  members: readonly InspectTarget[],
  opts: InspectOptions = {},
): Promise<EnsembleObservation> {
  const timeoutMs = opts.timeoutMs ?? 2000;
  const answers = await Promise.all(members.map((m) => askMember(m, opts, timeoutMs)));
  const voters = committedConfigSources(members, answers);
  // One session speaks one protocol: through the members that speak TLS when some do (a roll may be halfway).
  const secure = voters.filter((v) => (v.tls ?? opts.tls) !== undefined);
  const through = secure.length > 0 ? secure : voters;
  const committed =
    opts.readCommittedConfig === false || voters.length === 0
      ? undefined
      : await readCommitted(through, through[0]?.tls ?? opts.tls, opts.sasl, timeoutMs);
  return mergeObservation(answers, committed);
}
