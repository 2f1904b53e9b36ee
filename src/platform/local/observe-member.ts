/** What one local member is doing right now: its process, and what it says over `srvr` and `conf`. Reads only. */
import { fourLetter } from '../../zk/four-letter.ts';
import { parseConf, parseSrvr, type ServingMode } from '../../zk/four-letter-parse.ts';
import { formatZxid } from '../../zk/zxid.ts';
import { isRunning } from './process/process.ts';
import type { MemberRecord, ProcessRecord } from './state/state.ts';

export interface MemberObservation {
  readonly member: MemberRecord;
  /** The process zkop started for this member is alive (not exited, not a zombie, not a reused pid). */
  readonly running: boolean;
  readonly process: ProcessRecord | undefined;
  /** The member answers `srvr` with a mode: it is part of a quorum and serves clients. */
  readonly mode: ServingMode | undefined;
  readonly zxid: string | undefined;
  readonly configVersion: string | undefined;
  /** Why it does not serve, when it runs but does not. */
  readonly problem: string | undefined;
}

const FOUR_LETTER_TIMEOUT_MS = 2_000;

export async function observeMember(
  member: MemberRecord,
  process: ProcessRecord | undefined,
  options: { withConfig?: boolean } = {},
): Promise<MemberObservation> {
  const running = process !== undefined && isRunning(process.pid, process.startTime);
  const base = { member, running, process, mode: undefined, zxid: undefined, configVersion: undefined };
  if (!running) return { ...base, problem: undefined };
  const ask = (cmd: 'srvr' | 'conf') =>
    fourLetter(member.host, member.ports.client, cmd, { timeoutMs: FOUR_LETTER_TIMEOUT_MS });
  try {
    const srvr = parseSrvr(await ask('srvr'));
    if (!srvr.serving) return { ...base, problem: 'not serving (no quorum yet)' };
    let configVersion: string | undefined;
    if (options.withConfig) {
      const conf = parseConf(await ask('conf'));
      const version = conf.serving ? conf.membership?.version : undefined;
      configVersion = version === undefined ? undefined : formatZxid(version);
    }
    return { ...base, mode: srvr.mode, zxid: formatZxid(srvr.zxid), configVersion, problem: undefined };
  } catch (error) {
    return { ...base, problem: (error as Error).message };
  }
}
